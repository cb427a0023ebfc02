import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";
import { z } from "zod";

export interface InventoryConfig extends ServiceConfig {
  /** How often expired reservations are given back. */
  expiryIntervalMs: number;
}

export function loadInventoryConfig(env: NodeJS.ProcessEnv = process.env): Readonly<InventoryConfig> {
  const base = loadServiceConfig("inventory", serviceDefaults("inventory"), env);
  const own = loadConfig(z.object({ EMPORIUM_INVENTORY_EXPIRY_INTERVAL_MS: envField.milliseconds(5_000) }), env);
  return Object.freeze({ ...base, expiryIntervalMs: own.EMPORIUM_INVENTORY_EXPIRY_INTERVAL_MS });
}

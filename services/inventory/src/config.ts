import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { z } from "zod";

export interface InventoryConfig extends ServiceConfig {
  /** How often expired reservations are given back. */
  expiryIntervalMs: number;
}

export function loadInventoryConfig(env: NodeJS.ProcessEnv = process.env): Readonly<InventoryConfig> {
  const base = loadServiceConfig(
    "inventory",
    { rpcPort: 50052, httpPort: 4102, databaseUrl: "postgres://inventory@127.0.0.1:5432/inventory" },
    env,
  );
  const own = loadConfig(z.object({ EMPORIUM_INVENTORY_EXPIRY_INTERVAL_MS: envField.milliseconds(5_000) }), env);
  return Object.freeze({ ...base, expiryIntervalMs: own.EMPORIUM_INVENTORY_EXPIRY_INTERVAL_MS });
}

import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { defaultRpcUrl, rpcUrlVariable, serviceDefaults } from "@emporium/registry";
import { z } from "zod";

export interface ShippingConfig extends ServiceConfig {
  /** Where catalog's RPCs are (SKU weights and sizes). */
  catalogRpcUrl: string;
  /** How long the simulated carrier keeps a shipment in each status (label created, in transit). */
  carrierStepMs: number;
  /** How often the simulated carrier looks for shipments due for their next status. */
  carrierIntervalMs: number;
}

export function loadShippingConfig(env: NodeJS.ProcessEnv = process.env): Readonly<ShippingConfig> {
  const base = loadServiceConfig("shipping", serviceDefaults("shipping"), env);
  const catalogUrl = rpcUrlVariable("catalog");
  const own = loadConfig(
    z.object({
      [catalogUrl]: envField.url(defaultRpcUrl("catalog")),
      EMPORIUM_SHIPPING_CARRIER_STEP_MS: envField.milliseconds(60_000),
      EMPORIUM_SHIPPING_CARRIER_INTERVAL_MS: envField.milliseconds(1_000),
    }),
    env,
  );
  return Object.freeze({
    ...base,
    catalogRpcUrl: own[catalogUrl] as string,
    carrierStepMs: own.EMPORIUM_SHIPPING_CARRIER_STEP_MS as number,
    carrierIntervalMs: own.EMPORIUM_SHIPPING_CARRIER_INTERVAL_MS as number,
  });
}

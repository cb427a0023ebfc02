import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";
import { z } from "zod";

export interface PaymentsConfig extends ServiceConfig {
  /** How long the simulated provider takes to answer for the `tok_slow` payment method. */
  providerSlowMs: number;
}

export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env): Readonly<PaymentsConfig> {
  const base = loadServiceConfig("payments", serviceDefaults("payments"), env);
  const own = loadConfig(z.object({ EMPORIUM_PAYMENTS_PROVIDER_SLOW_MS: envField.milliseconds(3_000) }), env);
  return Object.freeze({ ...base, providerSlowMs: own.EMPORIUM_PAYMENTS_PROVIDER_SLOW_MS });
}

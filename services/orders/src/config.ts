import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { defaultRpcUrl, rpcUrlVariable, serviceDefaults } from "@emporium/registry";
import { z } from "zod";

/** Orders' settings: every service's, and where the services it calls listen. */
export interface OrdersConfig extends ServiceConfig {
  /** Catalog's RPC port, for prices (EMPORIUM_CATALOG_RPC_URL). */
  catalogRpcUrl: string;
}

const upstreams = z
  .object({ [rpcUrlVariable("catalog")]: envField.url(defaultRpcUrl("catalog")) })
  .transform((e) => ({ catalogRpcUrl: e[rpcUrlVariable("catalog")] as string }));

export const loadOrdersConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<OrdersConfig> =>
  Object.freeze({ ...loadServiceConfig("orders", serviceDefaults("orders"), env), ...loadConfig(upstreams, env) });

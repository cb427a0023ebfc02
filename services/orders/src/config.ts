import { loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";

export const loadOrdersConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<ServiceConfig> =>
  loadServiceConfig("orders", serviceDefaults("orders"), env);

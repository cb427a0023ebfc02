import { loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";

export const loadShippingConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<ServiceConfig> =>
  loadServiceConfig("shipping", serviceDefaults("shipping"), env);

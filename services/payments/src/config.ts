import { loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";

export const loadPaymentsConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<ServiceConfig> =>
  loadServiceConfig("payments", serviceDefaults("payments"), env);

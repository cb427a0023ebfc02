import { loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";

export type CatalogConfig = ServiceConfig;

/** Catalog's ports and database default to its registry entry; every value can come from env. */
export const loadCatalogConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<CatalogConfig> =>
  loadServiceConfig("catalog", serviceDefaults("catalog"), env);

import { loadServiceConfig, type ServiceConfig } from "@emporium/platform";

export type CatalogConfig = ServiceConfig;

/** Catalog's ports and database by default (docs/conventions.md, Ports); every value from env. */
export const loadCatalogConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<CatalogConfig> =>
  loadServiceConfig(
    "catalog",
    { rpcPort: 50051, httpPort: 4101, databaseUrl: "postgres://catalog@127.0.0.1:5432/catalog" },
    env,
  );

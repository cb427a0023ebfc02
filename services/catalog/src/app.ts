import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { clockAndIds, createServiceApp, serviceMigrations, type Logger, type ServiceApp } from "@emporium/platform";
import type { CatalogDeps } from "./application/catalog-deps";
import type { CatalogConfig } from "./config";
import { PgProductRepository } from "./db/product-repository";
import { graphContext } from "./graph/resolvers";
import { catalogSubgraphSchema } from "./graph/subgraph-schema";
import { catalogAccess } from "./rpc/catalog-access";
import { catalogRoutes } from "./rpc/catalog-routes";

export const catalogMigrations = serviceMigrations(__dirname);

export type CatalogApp = ServiceApp<CatalogDeps>;

/** The catalog's specifics; the composition is the platform's. Does not listen (tests call this). */
export const buildCatalogApp = (config: CatalogConfig, logger: Logger): Promise<CatalogApp> =>
  createServiceApp({
    name: "catalog",
    config,
    logger,
    migrations: catalogMigrations,
    deps: (pool) => ({ products: new PgProductRepository(pool), ...clockAndIds() }),
    services: [CatalogService],
    routes: catalogRoutes,
    subgraph: { schema: catalogSubgraphSchema, context: graphContext },
    access: catalogAccess,
  });

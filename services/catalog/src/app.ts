import path from "node:path";
import { uuidv7 } from "uuidv7";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { createServiceApp, migrateServiceDatabase, type Logger, type ServiceApp } from "@emporium/platform";
import type { CatalogDeps } from "./application/catalog-deps";
import type { CatalogConfig } from "./config";
import { ProductRepository } from "./db/product-repository";
import { graphContext } from "./graph/resolvers";
import { catalogSubgraphSchema } from "./graph/subgraph-schema";
import { catalogAccess } from "./rpc/catalog-access";
import { catalogRoutes } from "./rpc/catalog-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

export const migrateCatalogDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrateServiceDatabase(databaseUrl, MIGRATIONS_DIR, log);

export type CatalogApp = ServiceApp<CatalogDeps>;

/** The catalog's specifics; the composition is the platform's. Does not listen (tests call this). */
export const buildCatalogApp = (
  config: CatalogConfig,
  logger: Logger,
  overrides: Partial<Pick<CatalogDeps, "clock" | "newId">> = {},
): Promise<CatalogApp> =>
  createServiceApp({
    name: "catalog",
    config,
    logger,
    migrationsDir: MIGRATIONS_DIR,
    deps: (pool) => ({ products: new ProductRepository(pool), clock: () => new Date(), newId: uuidv7, ...overrides }),
    services: [CatalogService],
    routes: catalogRoutes,
    subgraph: (deps) => ({ schema: catalogSubgraphSchema(), context: () => graphContext(deps) }),
    access: catalogAccess,
  });

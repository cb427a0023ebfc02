import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { clockAndIds, createServiceApp, serviceMigrations, type Logger, type ServiceApp } from "@emporium/platform";
import type { InventoryDeps } from "./application/inventory-deps";
import type { InventoryConfig } from "./config";
import { PgInventoryRepository } from "./db/inventory-repository";
import { expirySweeper } from "./application/expiry-sweeper";
import { graphContext } from "./graph/resolvers";
import { inventorySubgraphSchema } from "./graph/subgraph-schema";
import { inventoryAccess } from "./rpc/inventory-access";
import { inventoryRoutes } from "./rpc/inventory-routes";

export const inventoryMigrations = serviceMigrations(__dirname);

export type InventoryApp = ServiceApp<InventoryDeps>;

/** Inventory's specifics, including the sweeper that expires reservations; the composition is the platform's. */
export const buildInventoryApp = (config: InventoryConfig, logger: Logger): Promise<InventoryApp> =>
  createServiceApp({
    name: "inventory",
    config,
    logger,
    migrations: inventoryMigrations,
    deps: (pool) => ({ inventory: new PgInventoryRepository(pool), ...clockAndIds() }),
    services: [InventoryService],
    routes: inventoryRoutes,
    subgraph: { schema: inventorySubgraphSchema, context: graphContext },
    access: inventoryAccess,
    workers: (deps) => [expirySweeper(deps, config.expiryIntervalMs, logger)],
  });

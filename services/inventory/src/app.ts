import path from "node:path";
import { uuidv7 } from "uuidv7";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { createServiceApp, migrateServiceDatabase, type Logger, type ServiceApp } from "@emporium/platform";
import type { InventoryDeps } from "./application/inventory-deps";
import type { InventoryConfig } from "./config";
import { InventoryRepository } from "./db/inventory-repository";
import { expirySweeper } from "./application/expiry-sweeper";
import { graphContext } from "./graph/resolvers";
import { inventorySubgraphSchema } from "./graph/subgraph-schema";
import { inventoryAccess } from "./rpc/inventory-access";
import { inventoryRoutes } from "./rpc/inventory-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

export const migrateInventoryDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrateServiceDatabase(databaseUrl, MIGRATIONS_DIR, log);

export type InventoryApp = ServiceApp<InventoryDeps>;

/** Inventory's specifics, including the sweeper that expires reservations; the composition is the platform's. */
export const buildInventoryApp = (
  config: InventoryConfig,
  logger: Logger,
  overrides: Partial<Pick<InventoryDeps, "clock" | "newId">> = {},
): Promise<InventoryApp> =>
  createServiceApp({
    name: "inventory",
    config,
    logger,
    migrationsDir: MIGRATIONS_DIR,
    deps: (pool) => ({
      inventory: new InventoryRepository(pool),
      clock: () => new Date(),
      newId: uuidv7,
      ...overrides,
    }),
    services: [InventoryService],
    routes: inventoryRoutes,
    subgraph: (deps) => ({ schema: inventorySubgraphSchema(), context: () => graphContext(deps) }),
    access: inventoryAccess,
    workers: (deps) => [expirySweeper(deps, config.expiryIntervalMs, logger)],
  });

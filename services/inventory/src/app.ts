import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import { expirySweeper } from "./application/expiry-sweeper";
import type { InventoryDeps } from "./application/inventory-deps";
import type { InventoryConfig } from "./config";
import { PgInventoryRepository } from "./db/inventory-repository";
import { inventorySubgraph } from "./graph/subgraph-schema";
import { inventoryCommands } from "./events/inventory-commands";
import { inventoryRpc } from "./rpc/inventory-routes";

export type InventoryApp = ServiceApp<InventoryDeps>;

/**
 * Inventory's specifics: the sweeper that expires reservations, and the checkout saga's commands
 * (queue `inventory.commands`, consumed when a broker is configured); the composition is the platform's.
 */
export const inventoryService = defineService<InventoryDeps, InventoryConfig>(
  "inventory",
  __dirname,
  (config, logger) => ({
    deps: (pool) => ({ inventory: new PgInventoryRepository(pool), ...clockAndIds() }),
    rpc: inventoryRpc,
    subgraph: inventorySubgraph,
    workers: (deps) => [expirySweeper(deps, config.expiryIntervalMs, logger)],
    messaging: (deps) => ({ commands: inventoryCommands(deps) }),
  }),
);

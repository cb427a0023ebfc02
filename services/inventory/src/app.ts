import path from "node:path";
import { uuidv7 } from "uuidv7";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import {
  buildServiceHost,
  createMetrics,
  createPool,
  createTokenVerifier,
  HealthMonitor,
  Messaging,
  MESSAGING_MIGRATIONS,
  migrate,
  type Logger,
  type Pool,
  type ServiceHost,
} from "@emporium/platform";
import type { InventoryDeps } from "./application/inventory-deps";
import { expireReservations } from "./application/reservations";
import type { InventoryConfig } from "./config";
import { InventoryRepository } from "./db/inventory-repository";
import { graphContext } from "./graph/resolvers";
import { inventorySubgraphSchema } from "./graph/subgraph-schema";
import { inventoryAccess } from "./rpc/inventory-access";
import { inventoryRoutes } from "./rpc/inventory-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

/** The service's own tables plus the outbox and inbox it publishes and consumes events through. */
export const migrateInventoryDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrate(databaseUrl, MIGRATIONS_DIR, log, MESSAGING_MIGRATIONS);

export interface InventoryApp {
  host: ServiceHost;
  pool: Pool;
  health: HealthMonitor;
  /** Publishes the outbox (when a broker is configured); close it before the pool. */
  messaging: Messaging;
  deps: InventoryDeps;
  /** Stops the expiry sweeper. */
  stopSweeper(): void;
}

export async function buildInventoryApp(
  config: InventoryConfig,
  logger: Logger,
  overrides: Partial<Pick<InventoryDeps, "clock" | "newId">> = {},
): Promise<InventoryApp> {
  await migrateInventoryDatabase(config.databaseUrl, (line) => logger.info(line));
  const pool = createPool(config.databaseUrl, {
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: "inventory",
  });
  const deps: InventoryDeps = {
    inventory: new InventoryRepository(pool),
    clock: () => new Date(),
    newId: uuidv7,
    ...overrides,
  };
  const metrics = createMetrics("inventory");
  const messaging = new Messaging({
    service: "inventory",
    amqpUrl: config.amqpUrl,
    pool,
    logger,
    registry: metrics.registry,
  });
  const health = new HealthMonitor(
    [
      { name: "postgres", critical: true, probe: async () => void (await pool.query("SELECT 1")) },
      ...messaging.healthChecks(),
    ],
    { intervalMs: config.healthIntervalMs },
  );
  await health.start();
  await messaging.start();
  // Expired reservations give their stock back without anyone asking.
  const sweeper = setInterval(() => {
    expireReservations(deps).then(
      (n) => n && logger.info({ expired: n }, "released expired reservations"),
      (err: Error) => logger.warn({ err: err.message }, "expiry sweep failed; will retry"),
    );
  }, config.expiryIntervalMs);
  sweeper.unref();
  const host = buildServiceHost({
    name: "inventory",
    host: config.host,
    rpcPort: config.rpcPort,
    httpPort: config.httpPort,
    logger,
    metrics,
    health,
    services: [InventoryService],
    routes: inventoryRoutes(deps),
    subgraph: { schema: inventorySubgraphSchema(), context: () => graphContext(deps) },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    auth: {
      verifier: createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api", "inventory"] }),
      access: inventoryAccess,
    },
  });
  return { host, pool, health, deps, messaging, stopSweeper: () => clearInterval(sweeper) };
}

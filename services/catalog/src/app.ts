import path from "node:path";
import { uuidv7 } from "uuidv7";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
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
import type { CatalogDeps } from "./application/catalog-deps";
import type { CatalogConfig } from "./config";
import { ProductRepository } from "./db/product-repository";
import { graphContext } from "./graph/graph-context";
import { catalogSubgraphSchema } from "./graph/subgraph-schema";
import { catalogAccess } from "./rpc/catalog-access";
import { catalogRoutes } from "./rpc/catalog-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

/** The service's own tables plus the outbox and inbox it publishes and consumes events through. */
export const migrateCatalogDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrate(databaseUrl, MIGRATIONS_DIR, log, MESSAGING_MIGRATIONS);

export interface CatalogApp {
  host: ServiceHost;
  pool: Pool;
  health: HealthMonitor;
  /** Publishes the outbox (when a broker is configured); close it before the pool. */
  messaging: Messaging;
  deps: CatalogDeps;
}

/** Wires the catalog: database, use cases, both listeners. Does not listen (tests call this). */
export async function buildCatalogApp(
  config: CatalogConfig,
  logger: Logger,
  overrides: Partial<Pick<CatalogDeps, "clock" | "newId">> = {},
): Promise<CatalogApp> {
  await migrateCatalogDatabase(config.databaseUrl, (line) => logger.info(line));
  const pool = createPool(config.databaseUrl, {
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: "catalog",
  });
  const deps: CatalogDeps = {
    products: new ProductRepository(pool),
    clock: () => new Date(),
    newId: uuidv7,
    ...overrides,
  };
  const metrics = createMetrics("catalog");
  const messaging = new Messaging({
    service: "catalog",
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
  const host = buildServiceHost({
    name: "catalog",
    host: config.host,
    rpcPort: config.rpcPort,
    httpPort: config.httpPort,
    logger,
    metrics,
    health,
    services: [CatalogService],
    routes: catalogRoutes(deps),
    subgraph: { schema: catalogSubgraphSchema(), context: () => graphContext(deps) },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    // User tokens (audience emporium-api) and service tokens issued for catalog.
    auth: {
      verifier: createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api", "catalog"] }),
      access: catalogAccess,
    },
  });
  return { host, pool, health, deps, messaging };
}

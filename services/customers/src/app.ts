import path from "node:path";
import { uuidv7 } from "uuidv7";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
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
  type ServiceConfig,
  type ServiceHost,
} from "@emporium/platform";
import type { CustomersDeps } from "./application/customers";
import { CustomerRepository } from "./db/customer-repository";
import { graphContext } from "./graph/resolvers";
import { customersSubgraphSchema } from "./graph/subgraph-schema";
import { customersAccess } from "./rpc/customers-access";
import { customersRoutes } from "./rpc/customers-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

/** The service's own tables plus the outbox and inbox it publishes and consumes events through. */
export const migrateCustomersDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrate(databaseUrl, MIGRATIONS_DIR, log, MESSAGING_MIGRATIONS);

export interface CustomersApp {
  host: ServiceHost;
  pool: Pool;
  health: HealthMonitor;
  /** Publishes the outbox (when a broker is configured); close it before the pool. */
  messaging: Messaging;
  deps: CustomersDeps;
}

export async function buildCustomersApp(config: ServiceConfig, logger: Logger): Promise<CustomersApp> {
  await migrateCustomersDatabase(config.databaseUrl, (line) => logger.info(line));
  const pool = createPool(config.databaseUrl, {
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: "customers",
  });
  const deps: CustomersDeps = { customers: new CustomerRepository(pool), clock: () => new Date(), newId: uuidv7 };
  const metrics = createMetrics("customers");
  const messaging = new Messaging({
    service: "customers",
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
    name: "customers",
    host: config.host,
    rpcPort: config.rpcPort,
    httpPort: config.httpPort,
    logger,
    metrics,
    health,
    services: [CustomersService],
    routes: customersRoutes(deps),
    subgraph: { schema: customersSubgraphSchema(), context: () => graphContext(deps) },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    auth: {
      verifier: createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api", "customers"] }),
      access: customersAccess,
    },
  });
  return { host, pool, health, deps, messaging };
}

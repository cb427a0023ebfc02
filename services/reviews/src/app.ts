import path from "node:path";
import { uuidv7 } from "uuidv7";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
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
import type { ReviewsDeps } from "./application/reviews";
import { ReviewRepository } from "./db/review-repository";
import { graphContext } from "./graph/resolvers";
import { reviewsSubgraphSchema } from "./graph/subgraph-schema";
import { reviewsAccess } from "./rpc/reviews-access";
import { reviewsRoutes } from "./rpc/reviews-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

/** The service's own tables plus the outbox and inbox it publishes and consumes events through. */
export const migrateReviewsDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrate(databaseUrl, MIGRATIONS_DIR, log, MESSAGING_MIGRATIONS);

export interface ReviewsApp {
  host: ServiceHost;
  pool: Pool;
  health: HealthMonitor;
  /** Publishes the outbox (when a broker is configured); close it before the pool. */
  messaging: Messaging;
  deps: ReviewsDeps;
}

export async function buildReviewsApp(config: ServiceConfig, logger: Logger): Promise<ReviewsApp> {
  await migrateReviewsDatabase(config.databaseUrl, (line) => logger.info(line));
  const pool = createPool(config.databaseUrl, {
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: "reviews",
  });
  const deps: ReviewsDeps = { reviews: new ReviewRepository(pool), clock: () => new Date(), newId: uuidv7 };
  const metrics = createMetrics("reviews");
  const messaging = new Messaging({
    service: "reviews",
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
    name: "reviews",
    host: config.host,
    rpcPort: config.rpcPort,
    httpPort: config.httpPort,
    logger,
    metrics,
    health,
    services: [ReviewsService],
    routes: reviewsRoutes(deps),
    subgraph: { schema: reviewsSubgraphSchema(), context: () => graphContext(deps) },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    auth: {
      verifier: createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api", "reviews"] }),
      access: reviewsAccess,
    },
  });
  return { host, pool, health, deps, messaging };
}

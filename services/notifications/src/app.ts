import path from "node:path";
import { uuidv7 } from "uuidv7";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import {
  buildServiceHost,
  createMetrics,
  createPool,
  createTokenVerifier,
  HealthMonitor,
  Messaging,
  migrate,
  MESSAGING_MIGRATIONS,
  type Logger,
  type Pool,
  type ServiceHost,
} from "@emporium/platform";
import { startDispatcher } from "./application/dispatch-messages";
import type { NotificationsDeps } from "./application/notifications-deps";
import type { NotificationsConfig } from "./config";
import { localMailbox } from "./db/local-mailbox";
import { CONSUMER, notificationSubscriptions } from "./events/subscriptions";
import { graphContext } from "./graph/resolvers";
import { notificationsSubgraphSchema } from "./graph/subgraph-schema";
import { notificationsAccess } from "./rpc/notifications-access";
import { notificationsRoutes } from "./rpc/notifications-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

/** The service's migrations: the platform's inbox/outbox tables, then its own files. */
export const migrateNotifications = (databaseUrl: string, log?: (line: string) => void) =>
  migrate(databaseUrl, MIGRATIONS_DIR, log, MESSAGING_MIGRATIONS);

export interface NotificationsApp {
  host: ServiceHost;
  pool: Pool;
  health: HealthMonitor;
  deps: NotificationsDeps;
  messaging: Messaging;
  /** Stops consuming events (in-flight handlers finish) and the message dispatcher. */
  stopBackground(): Promise<void>;
}

export async function buildNotificationsApp(
  config: NotificationsConfig,
  logger: Logger,
  overrides: Partial<Pick<NotificationsDeps, "clock" | "newId">> = {},
): Promise<NotificationsApp> {
  await migrateNotifications(config.databaseUrl, (line) => logger.info(line));
  const pool = createPool(config.databaseUrl, {
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: "notifications",
  });
  const deps: NotificationsDeps = { pool, clock: () => new Date(), newId: uuidv7, ...overrides };
  const metrics = createMetrics("notifications");
  // Without a broker URL the API still works; events simply are not consumed (tests, local runs).
  const messaging = new Messaging({
    service: "notifications",
    amqpUrl: config.amqpUrl,
    pool,
    logger,
    registry: metrics.registry,
    inboxRetentionDays: config.inboxRetentionDays,
    consumers: [{ consumer: CONSUMER, subscriptions: notificationSubscriptions(deps) }],
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
  const dispatcher = startDispatcher(
    { pool, mailbox: localMailbox, clock: deps.clock },
    { intervalMs: config.dispatchIntervalMs, logger },
  );
  const host = buildServiceHost({
    name: "notifications",
    host: config.host,
    rpcPort: config.rpcPort,
    httpPort: config.httpPort,
    logger,
    metrics,
    health,
    services: [NotificationsService],
    routes: notificationsRoutes(deps),
    subgraph: { schema: notificationsSubgraphSchema(), context: (req) => graphContext(deps, req.principal) },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    auth: {
      verifier: createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api", "notifications"] }),
      access: notificationsAccess,
    },
  });
  return {
    host,
    pool,
    health,
    deps,
    messaging,
    stopBackground: once(async () => {
      await messaging.close();
      await dispatcher.stop();
    }),
  };
}

/** Shutdown may be asked for more than once (signal handler, test harness): it runs once. */
function once(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= work());
}

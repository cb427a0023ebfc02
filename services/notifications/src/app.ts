import path from "node:path";
import { uuidv7 } from "uuidv7";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { createServiceApp, migrateServiceDatabase, type Logger, type ServiceApp } from "@emporium/platform";
import { dispatcherWorker } from "./application/dispatch-messages";
import type { NotificationsDeps } from "./application/notifications-deps";
import type { NotificationsConfig } from "./config";
import { localMailbox } from "./db/local-mailbox";
import { CONSUMER, notificationSubscriptions } from "./events/subscriptions";
import { graphContext } from "./graph/resolvers";
import { notificationsSubgraphSchema } from "./graph/subgraph-schema";
import { notificationsAccess } from "./rpc/notifications-access";
import { notificationsRoutes } from "./rpc/notifications-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

export const migrateNotifications = (databaseUrl: string, log?: (line: string) => void) =>
  migrateServiceDatabase(databaseUrl, MIGRATIONS_DIR, log);

export type NotificationsApp = ServiceApp<NotificationsDeps>;

/** Consumes other services' events into messages and dispatches them; the composition is the platform's. */
export const buildNotificationsApp = (
  config: NotificationsConfig,
  logger: Logger,
  overrides: Partial<Pick<NotificationsDeps, "clock" | "newId">> = {},
): Promise<NotificationsApp> =>
  createServiceApp({
    name: "notifications",
    config,
    logger,
    migrationsDir: MIGRATIONS_DIR,
    deps: (pool) => ({ pool, clock: () => new Date(), newId: uuidv7, ...overrides }),
    services: [NotificationsService],
    routes: notificationsRoutes,
    subgraph: (deps) => ({
      schema: notificationsSubgraphSchema(),
      context: (req) => graphContext(deps, req.principal),
    }),
    access: notificationsAccess,
    // Without a broker URL the API still works; events simply are not consumed (tests, local runs).
    messaging: (deps) => ({ consumers: [{ consumer: CONSUMER, subscriptions: notificationSubscriptions(deps) }] }),
    workers: (deps) => [dispatcherWorker({ ...deps, mailbox: localMailbox }, config.dispatchIntervalMs, logger)],
  });

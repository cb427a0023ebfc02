import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { clockAndIds, createServiceApp, serviceMigrations, type Logger, type ServiceApp } from "@emporium/platform";
import { dispatcherWorker } from "./application/dispatch-messages";
import type { NotificationsDeps } from "./application/notifications-deps";
import type { NotificationsConfig } from "./config";
import { pgNotificationsPorts } from "./db/repositories";
import { CONSUMER, notificationSubscriptions } from "./events/subscriptions";
import { graphContext } from "./graph/resolvers";
import { notificationsSubgraphSchema } from "./graph/subgraph-schema";
import { notificationsAccess } from "./rpc/notifications-access";
import { notificationsRoutes } from "./rpc/notifications-routes";

export const notificationsMigrations = serviceMigrations(__dirname);

export type NotificationsApp = ServiceApp<NotificationsDeps>;

/** Consumes other services' events into messages and dispatches them; the composition is the platform's. */
export const buildNotificationsApp = (config: NotificationsConfig, logger: Logger): Promise<NotificationsApp> =>
  createServiceApp({
    name: "notifications",
    config,
    logger,
    migrations: notificationsMigrations,
    deps: (pool) => ({ ...pgNotificationsPorts(pool), ...clockAndIds() }),
    services: [NotificationsService],
    routes: notificationsRoutes,
    subgraph: { schema: notificationsSubgraphSchema, context: graphContext },
    access: notificationsAccess,
    // Without a broker URL the API still works; events simply are not consumed (tests, local runs).
    messaging: (deps) => ({ consumers: [{ consumer: CONSUMER, subscriptions: notificationSubscriptions(deps) }] }),
    workers: (deps) => [dispatcherWorker(deps, config.dispatchIntervalMs, logger)],
  });

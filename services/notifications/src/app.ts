import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import { dispatcherWorker } from "./application/dispatch-messages";
import type { NotificationsDeps } from "./application/notifications-deps";
import type { NotificationsConfig } from "./config";
import { pgNotificationsPorts } from "./db/repositories";
import { CONSUMER, notificationSubscriptions } from "./events/subscriptions";
import { notificationsSubgraph } from "./graph/subgraph-schema";
import { notificationsRpc } from "./rpc/notifications-routes";

export type NotificationsApp = ServiceApp<NotificationsDeps>;

/** Consumes other services' events into messages and dispatches them; the composition is the platform's. */
export const notificationsService = defineService<NotificationsDeps, NotificationsConfig>(
  "notifications",
  __dirname,
  (config, logger) => ({
    deps: (pool) => ({ ...pgNotificationsPorts(pool), ...clockAndIds() }),
    rpc: notificationsRpc,
    subgraph: notificationsSubgraph,
    // Without a broker URL the API still works; events simply are not consumed (tests, local runs).
    messaging: (deps) => ({ consumers: [{ consumer: CONSUMER, subscriptions: notificationSubscriptions(deps) }] }),
    workers: (deps) => [dispatcherWorker(deps, config.dispatchIntervalMs, logger)],
  }),
);

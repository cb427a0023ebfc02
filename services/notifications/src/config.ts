import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { z } from "zod";

export interface NotificationsConfig extends ServiceConfig {
  /** How often the dispatcher looks for rendered messages to deliver. */
  dispatchIntervalMs: number;
  /** The broker the domain events come from; without one the service runs but consumes nothing. */
  amqpUrl?: string;
}

// Ports follow the order of ARCHITECTURE.md's table (notifications is the eighth service).
export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): Readonly<NotificationsConfig> {
  const base = loadServiceConfig("notifications", { rpcPort: 50058, httpPort: 4108, databaseUrl: "postgres://notifications@127.0.0.1:5432/notifications" }, env);
  const own = loadConfig(
    z.object({
      EMPORIUM_NOTIFICATIONS_DISPATCH_INTERVAL_MS: envField.milliseconds(1_000),
      EMPORIUM_NOTIFICATIONS_AMQP_URL: envField.url().optional(),
      EMPORIUM_AMQP_URL: envField.url().optional(),
    }),
    env,
  );
  const amqpUrl = own.EMPORIUM_NOTIFICATIONS_AMQP_URL ?? own.EMPORIUM_AMQP_URL;
  return Object.freeze({ ...base, dispatchIntervalMs: own.EMPORIUM_NOTIFICATIONS_DISPATCH_INTERVAL_MS, ...(amqpUrl ? { amqpUrl } : {}) });
}

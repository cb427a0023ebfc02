import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";
import { z } from "zod";

export interface NotificationsConfig extends ServiceConfig {
  /** How often the dispatcher looks for rendered messages to deliver. */
  dispatchIntervalMs: number;
}

// The broker (amqpUrl) comes from EMPORIUM_NOTIFICATIONS_AMQP_URL or EMPORIUM_AMQP_URL; without one
// the service serves its API but consumes no events.
export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): Readonly<NotificationsConfig> {
  const base = loadServiceConfig("notifications", serviceDefaults("notifications"), env);
  const own = loadConfig(z.object({ EMPORIUM_NOTIFICATIONS_DISPATCH_INTERVAL_MS: envField.milliseconds(1_000) }), env);
  return Object.freeze({ ...base, dispatchIntervalMs: own.EMPORIUM_NOTIFICATIONS_DISPATCH_INTERVAL_MS });
}

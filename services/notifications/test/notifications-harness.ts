import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { createLogger, inTransaction } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { uuidv7 } from "uuidv7";
import { notificationsService, type NotificationsApp } from "../src/app";
import type { NotificationRepositories } from "../src/application/notifications-deps";
import { loadNotificationsConfig } from "../src/config";
import { pgRepositories } from "../src/db/repositories";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";
export const ADA = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0003";

export interface RunningNotifications extends ServiceUnderTest<NotificationsApp> {
  tokens: { alice: string; bob: string; ada: string };
  client(token?: string): Client<typeof NotificationsService>;
  /** Runs `work` on the repositories of one transaction of the service's database, as the event consumer would. */
  inTx<T>(work: (tx: NotificationRepositories) => Promise<T>): Promise<T>;
  /** A number from a `SELECT count(*) …`. */
  count(sql: string, values?: unknown[]): Promise<number>;
}

/**
 * The service in-process on a fresh database, with the background dispatcher effectively off so
 * tests dispatch when they decide. No broker unless `env` names one (EMPORIUM_NOTIFICATIONS_AMQP_URL):
 * most specs apply events by calling the handlers.
 */
export async function startNotifications(env: Record<string, string> = {}): Promise<RunningNotifications> {
  const svc = await startServiceUnderTest({
    service: "notifications",
    migrate: notificationsService.migrations.migrate,
    build: (env) => notificationsService.build(loadNotificationsConfig(env), createLogger("notifications", "silent")),
    env: { EMPORIUM_NOTIFICATIONS_DISPATCH_INTERVAL_MS: String(24 * 3_600_000), ...env },
  });
  const kc = testKeycloak();
  const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  return {
    ...svc,
    tokens: { alice, bob, ada },
    client: (token) =>
      createClient(NotificationsService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
    inTx: (work) => inTransaction(svc.app.pool, (client) => work(pgRepositories(client))),
    count: async (sql, values = []) => Number((await svc.app.pool.query<{ n: string }>(sql, values)).rows[0]!.n),
  };
}

/** A fresh source event (id as the platform's envelope would carry it). */
export const sourceEvent = (type: string) => ({ id: uuidv7(), type });

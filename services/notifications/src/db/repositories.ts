import { inTransaction, recordEvent, type Pool } from "@emporium/platform";
import type { DispatchTransaction, Mailbox, NotificationRepositories } from "../application/notifications-deps";
import { NOTIFICATIONS_EVENT_SOURCE } from "../application/notifications-events";
import { PgContactRepository } from "./contact-repository";
import { localMailbox } from "./local-mailbox";
import { PgMessageRepository } from "./message-repository";
import { PgNotificationRepository } from "./notification-repository";
import type { Sql } from "./sql";
import { PgWatchRepository } from "./watch-repository";

/** The repositories on PostgreSQL, over the pool or over the client of a transaction already open. */
export const pgRepositories = (sql: Sql): NotificationRepositories => ({
  contacts: new PgContactRepository(sql),
  watches: new PgWatchRepository(sql),
  notifications: new PgNotificationRepository(sql),
  recordEvent: async (event) => {
    await recordEvent(sql, NOTIFICATIONS_EVENT_SOURCE, event);
  },
});

/** The service's ports on PostgreSQL; the dispatcher delivers to `mailbox` (the local one unless told). */
export const pgNotificationsPorts = (pool: Pool, mailbox: (sql: Sql) => Mailbox = localMailbox) => ({
  repositories: pgRepositories(pool),
  dispatchTransaction: pgDispatchTransaction(pool, mailbox),
});

/** The dispatcher's transactions on PostgreSQL; `mailbox` is given each transaction's client. */
export const pgDispatchTransaction =
  (pool: Pool, mailbox: (sql: Sql) => Mailbox) =>
  <T>(work: (tx: DispatchTransaction) => Promise<T>): Promise<T> =>
    inTransaction(pool, (client) =>
      work({
        messages: new PgMessageRepository(client),
        mailbox: mailbox(client),
        savepoint: (step) => savepoint(client, step),
      }),
    );

async function savepoint<T>(sql: Sql, work: () => Promise<T>): Promise<T> {
  await sql.query("SAVEPOINT step");
  try {
    const result = await work();
    await sql.query("RELEASE SAVEPOINT step");
    return result;
  } catch (err) {
    await sql.query("ROLLBACK TO SAVEPOINT step");
    throw err;
  }
}

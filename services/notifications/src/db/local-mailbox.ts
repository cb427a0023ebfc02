import type { Mailbox } from "../application/notifications-deps";
import type { Sql } from "./sql";

/**
 * The local mailbox: a table in the service's own database, written in the dispatcher's
 * transaction (`sql`), so a message is in the mailbox exactly when it is marked delivered. No network.
 */
export const localMailbox = (sql: Sql): Mailbox => ({
  async deliver(message, at) {
    await sql.query(
      "INSERT INTO mailbox (message_id, channel, recipient, subject, text_body, delivered_time) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING",
      [message.id, message.channel, message.recipient, message.subject, message.textBody, at],
    );
  },
});

import type { MessageStatus, OutgoingMessage } from "../domain/notification";
import type { MessageRepository } from "../application/notifications-deps";
import type { Sql } from "./sql";

interface Row {
  id: string;
  notification_id: string;
  channel: "email";
  recipient: string;
  subject: string;
  text_body: string;
  status: MessageStatus;
}

const toMessage = (r: Row): OutgoingMessage => ({
  id: r.id,
  notificationId: r.notification_id,
  channel: r.channel,
  recipient: r.recipient,
  subject: r.subject,
  textBody: r.text_body,
  status: r.status,
});

export class PgMessageRepository implements MessageRepository {
  constructor(private readonly sql: Sql) {}

  /** Oldest pending first, locked for this transaction; other dispatchers skip them (several instances). */
  async claimPending(limit: number): Promise<OutgoingMessage[]> {
    const { rows } = await this.sql.query<Row>(
      "SELECT * FROM outgoing_messages WHERE status = 'pending' ORDER BY create_time, id LIMIT $1 FOR UPDATE SKIP LOCKED",
      [limit],
    );
    return rows.map(toMessage);
  }

  async markDelivered(id: string, at: Date): Promise<void> {
    await this.sql.query(
      "UPDATE outgoing_messages SET status = 'delivered', delivered_time = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1",
      [id, at],
    );
  }

  /** Counts a failed try; after `maxAttempts` the message is given up on (status failed). */
  async markAttemptFailed(id: string, error: string, maxAttempts: number): Promise<void> {
    await this.sql.query(
      "UPDATE outgoing_messages SET attempts = attempts + 1, last_error = $2, status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END WHERE id = $1",
      [id, error.slice(0, 1000), maxAttempts],
    );
  }

  async forNotification(notificationId: string): Promise<OutgoingMessage | undefined> {
    const { rows } = await this.sql.query<Row>("SELECT * FROM outgoing_messages WHERE notification_id = $1", [
      notificationId,
    ]);
    return rows[0] && toMessage(rows[0]);
  }
}

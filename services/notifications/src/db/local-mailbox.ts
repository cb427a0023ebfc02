import type { OutgoingMessage } from "../domain/notification";
import type { Sql } from "./sql";

/** Where "sent" messages go. A real email sender would implement the same method. */
export interface Mailbox {
  deliver(tx: Sql, message: OutgoingMessage, at: Date): Promise<void>;
}

/**
 * The local mailbox: a table in the service's own database, written in the dispatcher's
 * transaction, so a message is in the mailbox exactly when it is marked delivered. No network.
 */
export const localMailbox: Mailbox = {
  async deliver(tx, message, at) {
    await tx.query(
      "INSERT INTO mailbox (message_id, channel, recipient, subject, text_body, delivered_time) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING",
      [message.id, message.channel, message.recipient, message.subject, message.textBody, at],
    );
  },
};

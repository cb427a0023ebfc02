import type { Notification, NotificationKind } from "../domain/notification";
import type { NewNotification, NotificationRepository } from "../application/notifications-deps";
import type { Sql } from "./sql";

interface Row {
  id: string;
  customer_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  product_id: string;
  review_id: string;
  order_id: string;
  create_time: Date;
  read_time: Date | null;
}

const toNotification = (r: Row): Notification => ({
  id: r.id,
  customerId: r.customer_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  productId: r.product_id,
  reviewId: r.review_id,
  orderId: r.order_id,
  createTime: r.create_time,
  readTime: r.read_time ?? undefined,
});

export class PgNotificationRepository implements NotificationRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Records notifications and their messages in two statements, whatever their number. A
   * (customer, kind, source event) that already has a notification is skipped, with its message:
   * returns the ids actually recorded.
   */
  async record(items: readonly NewNotification[]): Promise<string[]> {
    if (items.length === 0) return [];
    const n = items.map((i) => i.notification);
    const { rows } = await this.sql.query<{ id: string }>(
      `INSERT INTO notifications
         (id, customer_id, kind, source_event_id, product_id, review_id, order_id, title, body, create_time)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::timestamptz[])
       ON CONFLICT (customer_id, kind, source_event_id) DO NOTHING RETURNING id`,
      [
        n.map((x) => x.id),
        n.map((x) => x.customerId),
        n.map((x) => x.kind),
        items.map((i) => i.sourceEventId),
        n.map((x) => x.productId),
        n.map((x) => x.reviewId),
        n.map((x) => x.orderId),
        n.map((x) => x.title),
        n.map((x) => x.body),
        n.map((x) => x.createTime),
      ],
    );
    const recorded = new Set(rows.map((r) => r.id));
    const m = items.filter((i) => recorded.has(i.notification.id));
    if (m.length > 0) {
      await this.sql.query(
        `INSERT INTO outgoing_messages (id, notification_id, channel, recipient, subject, text_body, status, last_error, create_time)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])`,
        [
          m.map((i) => i.message.id),
          m.map((i) => i.notification.id),
          m.map((i) => i.message.channel),
          m.map((i) => i.message.recipient),
          m.map((i) => i.message.subject),
          m.map((i) => i.message.textBody),
          m.map((i) => i.message.status),
          m.map((i) => i.lastError ?? null),
          m.map((i) => i.notification.createTime),
        ],
      );
    }
    return [...recorded];
  }

  /** Newest first, keyset after (create_time, id); one more row than asked. */
  async page(customerId: string, limit: number, after?: { time: string; id: string }): Promise<Notification[]> {
    const params: unknown[] = [customerId, limit + 1];
    const cond = after ? "AND (create_time, id) < ($3::timestamptz, $4)" : "";
    if (after) params.push(after.time, after.id);
    return (
      await this.sql.query<Row>(
        `SELECT * FROM notifications WHERE customer_id = $1 ${cond} ORDER BY create_time DESC, id DESC LIMIT $2`,
        params,
      )
    ).rows.map(toNotification);
  }

  /** Scoped to the customer in SQL: another customer's id matches nothing. Read again: unchanged. */
  async markRead(customerId: string, id: string, now: Date): Promise<Notification | undefined> {
    const { rows } = await this.sql.query<Row>(
      "UPDATE notifications SET read_time = COALESCE(read_time, $3) WHERE id = $1 AND customer_id = $2 RETURNING *",
      [id, customerId, now],
    );
    return rows[0] && toNotification(rows[0]);
  }
}

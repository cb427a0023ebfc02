import type { Contact, WatchedProduct } from "../domain/notification";
import type { WatchRepository } from "../application/notifications-deps";
import type { Sql } from "./sql";

interface Row {
  customer_id: string;
  product_id: string;
  create_time: Date;
}

const toWatch = (r: Row): WatchedProduct => ({
  customerId: r.customer_id,
  productId: r.product_id,
  createTime: r.create_time,
});

export class PgWatchRepository implements WatchRepository {
  constructor(private readonly sql: Sql) {}

  /** Idempotent: watching again keeps the first watch (and its time). */
  async add(customerId: string, productId: string, now: Date): Promise<WatchedProduct> {
    await this.sql.query(
      "INSERT INTO watches (customer_id, product_id, create_time) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      [customerId, productId, now],
    );
    const { rows } = await this.sql.query<Row>("SELECT * FROM watches WHERE customer_id = $1 AND product_id = $2", [
      customerId,
      productId,
    ]);
    return toWatch(rows[0]!);
  }

  async remove(customerId: string, productId: string): Promise<boolean> {
    return (
      (await this.sql.query("DELETE FROM watches WHERE customer_id = $1 AND product_id = $2", [customerId, productId]))
        .rowCount === 1
    );
  }

  /** Newest first, keyset after (create_time, product_id); one more row than asked. */
  async page(customerId: string, limit: number, after?: { time: string; id: string }): Promise<WatchedProduct[]> {
    const params: unknown[] = [customerId, limit + 1];
    const cond = after ? "AND (create_time, product_id) < ($3::timestamptz, $4)" : "";
    if (after) params.push(after.time, after.id);
    return (
      await this.sql.query<Row>(
        `SELECT * FROM watches WHERE customer_id = $1 ${cond} ORDER BY create_time DESC, product_id DESC LIMIT $2`,
        params,
      )
    ).rows.map(toWatch);
  }

  /** Which of these products the customer watches (one query for a whole batch of entities). */
  async watchedAmong(customerId: string, productIds: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.sql.query<{ product_id: string }>(
      "SELECT product_id FROM watches WHERE customer_id = $1 AND product_id = ANY($2)",
      [customerId, productIds],
    );
    return new Set(rows.map((r) => r.product_id));
  }

  /** Everyone watching the product now, with how to reach them when known. */
  async watchersOf(productId: string): Promise<Array<{ customerId: string; contact: Contact | undefined }>> {
    const { rows } = await this.sql.query<{ customer_id: string; email: string | null; display_name: string | null }>(
      "SELECT w.customer_id, c.email, c.display_name FROM watches w LEFT JOIN contacts c USING (customer_id) WHERE w.product_id = $1 ORDER BY w.customer_id",
      [productId],
    );
    return rows.map((r) => ({
      customerId: r.customer_id,
      contact:
        r.email === null ? undefined : { customerId: r.customer_id, email: r.email, displayName: r.display_name ?? "" },
    }));
  }
}

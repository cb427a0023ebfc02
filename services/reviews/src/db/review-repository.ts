import type { DescMessage } from "@bufbuild/protobuf";
import { inTransaction, recordEvent, type EventToRecord, type Pool, type PoolClient } from "@emporium/platform";
import type { RatingSummary, Review } from "../domain/review";
import type { ReviewRepository, ReviewTransaction } from "../application/reviews-deps";
import { REVIEWS_EVENT_SOURCE } from "../application/review-events";

interface Row {
  id: string;
  product_id: string;
  author_id: string;
  rating: number;
  title: string;
  body: string;
  create_time: Date;
  update_time: Date;
}

const toReview = (r: Row): Review => ({
  id: r.id,
  productId: r.product_id,
  authorId: r.author_id,
  rating: r.rating,
  title: r.title,
  body: r.body,
  createTime: r.create_time,
  updateTime: r.update_time,
});

/** The review repository on PostgreSQL. */
export class PgReviewRepository implements ReviewRepository {
  constructor(private readonly pool: Pool) {}

  transaction<T>(work: (tx: ReviewTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgReviewTransaction(client)));
  }

  /** Scoped to the author in SQL: another person's review id matches nothing. */
  async updateOwn(
    authorId: string,
    id: string,
    changes: { rating?: number; title?: string; body?: string },
    now: Date,
  ): Promise<Review | undefined> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE reviews SET rating = COALESCE($3, rating), title = COALESCE($4, title), body = COALESCE($5, body), update_time = $6
       WHERE id = $1 AND author_id = $2 RETURNING *`,
      [id, authorId, changes.rating ?? null, changes.title ?? null, changes.body ?? null, now],
    );
    return rows[0] && toReview(rows[0]);
  }

  async deleteOwn(authorId: string, id: string): Promise<boolean> {
    return (
      (await this.pool.query("DELETE FROM reviews WHERE id = $1 AND author_id = $2", [id, authorId])).rowCount === 1
    );
  }

  /** Newest first, keyset after (create_time, id); one more row than asked to know if more follow. */
  async page(productId: string, limit: number, after?: { time: string; id: string }): Promise<Review[]> {
    const params: unknown[] = [productId, limit + 1];
    const cond = after ? `AND (create_time, id) < ($3::timestamptz, $4)` : "";
    if (after) params.push(after.time, after.id);
    return (
      await this.pool.query<Row>(
        `SELECT * FROM reviews WHERE product_id = $1 ${cond} ORDER BY create_time DESC, id DESC LIMIT $2`,
        params,
      )
    ).rows.map(toReview);
  }

  /** The first `limit` reviews of many products in one query (the subgraph's batched field). */
  async firstOfProducts(productIds: readonly string[], limit: number): Promise<Review[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM (SELECT r.*, row_number() OVER (PARTITION BY product_id ORDER BY create_time DESC, id DESC) AS n FROM reviews r WHERE product_id = ANY($1)) ranked
       WHERE n <= $2 ORDER BY product_id, create_time DESC, id DESC`,
      [productIds, limit + 1],
    );
    return rows.map(toReview);
  }

  async summaries(productIds: readonly string[]): Promise<RatingSummary[]> {
    const { rows } = await this.pool.query<{ product_id: string; average: string; count: string }>(
      "SELECT product_id, avg(rating)::text AS average, count(*)::text AS count FROM reviews WHERE product_id = ANY($1) GROUP BY product_id",
      [productIds],
    );
    const found = new Map(
      rows.map((r) => [
        r.product_id,
        { productId: r.product_id, average: Math.round(Number(r.average) * 100) / 100, count: Number(r.count) },
      ]),
    );
    return productIds.map((id) => found.get(id) ?? { productId: id, average: 0, count: 0 });
  }
}

/** The writes of one command, inside one PostgreSQL transaction. */
export class PgReviewTransaction implements ReviewTransaction {
  constructor(private readonly client: PoolClient) {}

  /** Returns undefined when the author already reviewed the product (one review each). */
  async insert(r: Review): Promise<Review | undefined> {
    const { rows } = await this.client.query<Row>(
      `INSERT INTO reviews (id, product_id, author_id, rating, title, body, create_time, update_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (product_id, author_id) DO NOTHING RETURNING *`,
      [r.id, r.productId, r.authorId, r.rating, r.title, r.body, r.createTime],
    );
    return rows[0] && toReview(rows[0]);
  }

  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  async recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void> {
    await recordEvent(this.client, REVIEWS_EVENT_SOURCE, event);
  }
}

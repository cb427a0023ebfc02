import type { Pool } from "@emporium/platform";
import type { ShippingPosition, ShippingRepository } from "../application/shipping-deps";
import type { Shipping } from "../domain/shipping";

interface Row {
  id: string;
  owner_id: string;
  title: string;
  create_time: Date;
}

const toShipping = (r: Row): Shipping => ({ id: r.id, ownerId: r.owner_id, title: r.title, createTime: r.create_time });

/** The shipping repository on PostgreSQL. */
export class PgShippingRepository implements ShippingRepository {
  constructor(private readonly pool: Pool) {}

  async insert(x: Shipping): Promise<Shipping> {
    const { rows } = await this.pool.query<Row>(
      "INSERT INTO shippings (id, owner_id, title, create_time) VALUES ($1, $2, $3, $4) RETURNING *",
      [x.id, x.ownerId, x.title, x.createTime],
    );
    return toShipping(rows[0]!);
  }

  /** Scoped to the owner in SQL: another person's id matches nothing. */
  async findOwn(ownerId: string, id: string): Promise<Shipping | undefined> {
    const { rows } = await this.pool.query<Row>("SELECT * FROM shippings WHERE id = $1 AND owner_id = $2", [
      id,
      ownerId,
    ]);
    return rows[0] && toShipping(rows[0]);
  }

  async pageOwn(ownerId: string, limit: number, after?: ShippingPosition): Promise<Shipping[]> {
    const params: unknown[] = [ownerId, limit + 1];
    const cond = after ? "AND (create_time, id) < ($3, $4)" : "";
    if (after) params.push(after.time, after.id);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM shippings WHERE owner_id = $1 ${cond} ORDER BY create_time DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map(toShipping);
  }
}

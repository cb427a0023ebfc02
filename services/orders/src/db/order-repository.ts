import type { Pool } from "@emporium/platform";
import type { OrderPosition, OrderRepository } from "../application/orders-deps";
import type { Order } from "../domain/order";

interface Row {
  id: string;
  owner_id: string;
  title: string;
  create_time: Date;
}

const toOrder = (r: Row): Order => ({ id: r.id, ownerId: r.owner_id, title: r.title, createTime: r.create_time });

/** The order repository on PostgreSQL. */
export class PgOrderRepository implements OrderRepository {
  constructor(private readonly pool: Pool) {}

  async insert(x: Order): Promise<Order> {
    const { rows } = await this.pool.query<Row>(
      "INSERT INTO orders (id, owner_id, title, create_time) VALUES ($1, $2, $3, $4) RETURNING *",
      [x.id, x.ownerId, x.title, x.createTime],
    );
    return toOrder(rows[0]!);
  }

  /** Scoped to the owner in SQL: another person's id matches nothing. */
  async findOwn(ownerId: string, id: string): Promise<Order | undefined> {
    const { rows } = await this.pool.query<Row>("SELECT * FROM orders WHERE id = $1 AND owner_id = $2", [id, ownerId]);
    return rows[0] && toOrder(rows[0]);
  }

  async pageOwn(ownerId: string, limit: number, after?: OrderPosition): Promise<Order[]> {
    const params: unknown[] = [ownerId, limit + 1];
    const cond = after ? "AND (create_time, id) < ($3, $4)" : "";
    if (after) params.push(after.time, after.id);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM orders WHERE owner_id = $1 ${cond} ORDER BY create_time DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map(toOrder);
  }
}

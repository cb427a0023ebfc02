import type { Pool } from "@emporium/platform";
import type { PaymentPosition, PaymentRepository } from "../application/payments-deps";
import type { Payment } from "../domain/payment";

interface Row {
  id: string;
  owner_id: string;
  title: string;
  create_time: Date;
}

const toPayment = (r: Row): Payment => ({ id: r.id, ownerId: r.owner_id, title: r.title, createTime: r.create_time });

/** The payment repository on PostgreSQL. */
export class PgPaymentRepository implements PaymentRepository {
  constructor(private readonly pool: Pool) {}

  async insert(x: Payment): Promise<Payment> {
    const { rows } = await this.pool.query<Row>(
      "INSERT INTO payments (id, owner_id, title, create_time) VALUES ($1, $2, $3, $4) RETURNING *",
      [x.id, x.ownerId, x.title, x.createTime],
    );
    return toPayment(rows[0]!);
  }

  /** Scoped to the owner in SQL: another person's id matches nothing. */
  async findOwn(ownerId: string, id: string): Promise<Payment | undefined> {
    const { rows } = await this.pool.query<Row>("SELECT * FROM payments WHERE id = $1 AND owner_id = $2", [
      id,
      ownerId,
    ]);
    return rows[0] && toPayment(rows[0]);
  }

  async pageOwn(ownerId: string, limit: number, after?: PaymentPosition): Promise<Payment[]> {
    const params: unknown[] = [ownerId, limit + 1];
    const cond = after ? "AND (create_time, id) < ($3, $4)" : "";
    if (after) params.push(after.time, after.id);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM payments WHERE owner_id = $1 ${cond} ORDER BY create_time DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map(toPayment);
  }
}

import type { Pool } from "@emporium/platform";
import type { OrderPagePosition, OrderViews } from "../application/orders-deps";
import type { Order, OrderStatus } from "../domain/order";
import { orderFromRow, type OrderRow } from "./order-row-codec";

/** The order read model on PostgreSQL (order_views, kept by PgOrderProjection). */
export class PgOrderViews implements OrderViews {
  constructor(private readonly pool: Pool) {}

  async byId(orderId: string): Promise<Order | undefined> {
    const { rows } = await this.pool.query<OrderRow>("SELECT * FROM order_views WHERE order_id = $1", [orderId]);
    return rows[0] && orderFromRow(rows[0]);
  }

  async byIds(orderIds: readonly string[]): Promise<Order[]> {
    const { rows } = await this.pool.query<OrderRow>("SELECT * FROM order_views WHERE order_id = ANY($1)", [orderIds]);
    return rows.map(orderFromRow);
  }

  pageOfCustomer(customerId: string, limit: number, after?: OrderPagePosition): Promise<Order[]> {
    return this.page("customer_id", customerId, limit, after);
  }

  pageByStatus(status: OrderStatus, limit: number, after?: OrderPagePosition): Promise<Order[]> {
    return this.page("status", status, limit, after);
  }

  private async page(column: "customer_id" | "status", value: string, limit: number, after?: OrderPagePosition) {
    const params: unknown[] = [value, limit + 1];
    const cond = after ? "AND (create_time, order_id) < ($3, $4)" : "";
    if (after) params.push(after.time, after.id);
    const { rows } = await this.pool.query<OrderRow>(
      `SELECT * FROM order_views WHERE ${column} = $1 ${cond} ORDER BY create_time DESC, order_id DESC LIMIT $2`,
      params,
    );
    return rows.map(orderFromRow);
  }
}

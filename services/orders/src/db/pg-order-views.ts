import type { Pool } from "@emporium/platform";
import type { OrderPagePosition, OrderViewOptions, OrderViews } from "../application/orders-deps";
import type { Order, OrderStatus } from "../domain/order";
import { ORDER_ROW_COLUMNS, orderFromRow, type OrderRow } from "./order-row-codec";

/** The read model's columns; the lines (a JSON array that can be long) only when asked for. */
const columns = ({ withLines = true }: OrderViewOptions = {}) =>
  ORDER_ROW_COLUMNS.map((c) => (c === "lines" && !withLines ? "'[]'::jsonb AS lines" : c)).join(", ");

/** The order read model on PostgreSQL (order_views, kept by PgOrderProjection). */
export class PgOrderViews implements OrderViews {
  constructor(private readonly pool: Pool) {}

  async byId(orderId: string, options?: OrderViewOptions): Promise<Order | undefined> {
    const sql = `SELECT ${columns(options)} FROM order_views WHERE order_id = $1`;
    const { rows } = await this.pool.query<OrderRow>(sql, [orderId]);
    return rows[0] && orderFromRow(rows[0]);
  }

  async byIds(orderIds: readonly string[]): Promise<Order[]> {
    const { rows } = await this.pool.query<OrderRow>("SELECT * FROM order_views WHERE order_id = ANY($1)", [orderIds]);
    return rows.map(orderFromRow);
  }

  pageOfCustomer(
    customerId: string,
    limit: number,
    after?: OrderPagePosition,
    options?: OrderViewOptions,
  ): Promise<Order[]> {
    return this.page("customer_id", customerId, limit, after, options);
  }

  pageByStatus(status: OrderStatus, limit: number, after?: OrderPagePosition): Promise<Order[]> {
    return this.page("status", status, limit, after);
  }

  private async page(
    column: "customer_id" | "status",
    value: string,
    limit: number,
    after?: OrderPagePosition,
    options?: OrderViewOptions,
  ) {
    const params: unknown[] = [value, limit + 1];
    const cond = after ? "AND (create_time, order_id) < ($3, $4)" : "";
    if (after) params.push(after.time, after.id);
    const { rows } = await this.pool.query<OrderRow>(
      `SELECT ${columns(options)} FROM order_views WHERE ${column} = $1 ${cond}
       ORDER BY create_time DESC, order_id DESC LIMIT $2`,
      params,
    );
    return rows.map(orderFromRow);
  }
}

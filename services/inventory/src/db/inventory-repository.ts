import type { DescMessage } from "@bufbuild/protobuf";
import { inTransaction, recordEvent, type EventToRecord, type Pool, type PoolClient } from "@emporium/platform";
import type { Reservation, ReservationOrigin, ReservationStatus, SkuAvailability } from "../domain/stock";
import type { InventoryRepository, InventoryTransaction, LoggedReply, ReplyKind } from "../application/inventory-deps";
import { INVENTORY_EVENT_SOURCE } from "../application/inventory-events";

type Queryable = Pick<PoolClient, "query">;

interface StockRow {
  sku_id: string;
  product_id: string;
  warehouse_id: string;
  on_hand: string;
  reserved: string;
  version: string;
}

const SELECT_STOCK = `SELECT s.sku_id, p.product_id, s.warehouse_id, s.on_hand::text, s.reserved::text, p.version::text
  FROM stock s JOIN sku_products p ON p.sku_id = s.sku_id`;

/** The inventory repository on PostgreSQL. */
export class PgInventoryRepository implements InventoryRepository {
  constructor(private readonly pool: Pool) {}

  transaction<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgInventoryTransaction(client)));
  }

  /** One query for any number of SKUs. */
  async bySkus(skuIds: readonly string[]): Promise<SkuAvailability[]> {
    return group(
      (
        await this.pool.query<StockRow>(`${SELECT_STOCK} WHERE s.sku_id = ANY($1) ORDER BY s.sku_id, s.warehouse_id`, [
          skuIds,
        ])
      ).rows,
    );
  }

  /** One query for any number of products (the subgraph's batched reference resolver). */
  async byProducts(productIds: readonly string[]): Promise<SkuAvailability[]> {
    return group(
      (
        await this.pool.query<StockRow>(
          `${SELECT_STOCK} WHERE p.product_id = ANY($1) ORDER BY s.sku_id, s.warehouse_id`,
          [productIds],
        )
      ).rows,
    );
  }

  async reservation(id: string): Promise<Reservation | undefined> {
    return reservationById(this.pool, id);
  }
}

/** One change of stock inside one PostgreSQL transaction. */
export class PgInventoryTransaction implements InventoryTransaction {
  constructor(private readonly client: PoolClient) {}

  /**
   * Locks these SKUs, always in the same order (no deadlocks between writers), and returns the
   * known ones. Every change of stock takes this lock first, so changes of one SKU happen one after
   * the other: what a change reads as "available before" is what the previous change left, and a
   * zero crossing is seen (and published) exactly once.
   */
  async lockSkus(skuIds: readonly string[]): Promise<string[]> {
    const { rows } = await this.client.query<{ sku_id: string }>(
      "SELECT sku_id FROM sku_products WHERE sku_id = ANY($1) ORDER BY sku_id FOR UPDATE",
      [skuIds],
    );
    return rows.map((r) => r.sku_id);
  }

  /** Locks these SKUs and their stock rows, in the same order everywhere; returns their stock. */
  async lockStock(skuIds: readonly string[]): Promise<SkuAvailability[]> {
    await this.lockSkus(skuIds);
    const { rows } = await this.client.query<StockRow>(
      `${SELECT_STOCK} WHERE s.sku_id = ANY($1) ORDER BY s.sku_id, s.warehouse_id FOR UPDATE OF s`,
      [skuIds],
    );
    return group(rows);
  }

  /** Stock as this transaction sees it (after its own changes). */
  async stockOf(skuIds: readonly string[]): Promise<SkuAvailability[]> {
    return group(
      (
        await this.client.query<StockRow>(
          `${SELECT_STOCK} WHERE s.sku_id = ANY($1) ORDER BY s.sku_id, s.warehouse_id`,
          [skuIds],
        )
      ).rows,
    );
  }

  /** Moves the SKU's version on by `steps` (one per event of this change, at least one) and returns the new version. */
  async advanceVersion(skuId: string, steps: number): Promise<bigint> {
    const { rows } = await this.client.query<{ version: string }>(
      "UPDATE sku_products SET version = version + $2 WHERE sku_id = $1 RETURNING version::text",
      [skuId, steps],
    );
    return BigInt(rows[0]!.version);
  }

  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  async recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void> {
    await recordEvent(this.client, INVENTORY_EVENT_SOURCE, event);
  }

  async reservationByKey(key: string): Promise<Reservation | undefined> {
    // Serialises concurrent retries of one key: the second waits, then finds the first's result.
    await this.client.query("SELECT pg_advisory_xact_lock(hashtext('reserve:' || $1))", [key]);
    const { rows } = await this.client.query<{ id: string }>("SELECT id FROM reservations WHERE idempotency_key = $1", [
      key,
    ]);
    return rows[0] && reservationById(this.client, rows[0].id);
  }

  async lockReservation(id: string): Promise<Reservation | undefined> {
    await this.client.query("SELECT 1 FROM reservations WHERE id = $1 FOR UPDATE", [id]);
    return reservationById(this.client, id);
  }

  async insertReservation(r: Reservation, idempotencyKey: string | undefined): Promise<void> {
    await this.client.query(
      `INSERT INTO reservations (id, status, origin, reference, idempotency_key, create_time, expire_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.id, r.status, r.origin, r.reference, idempotencyKey ?? null, r.createTime, r.expireTime],
    );
    for (const l of r.lines) {
      await this.client.query(
        "INSERT INTO reservation_lines (reservation_id, sku_id, warehouse_id, quantity) VALUES ($1, $2, $3, $4)",
        [r.id, l.skuId, l.warehouseId, l.quantity.toString()],
      );
      await this.client.query("UPDATE stock SET reserved = reserved + $3 WHERE sku_id = $1 AND warehouse_id = $2", [
        l.skuId,
        l.warehouseId,
        l.quantity.toString(),
      ]);
    }
  }

  /** Ends an active reservation: its stock is either given back or shipped (on hand goes down). */
  async finish(r: Reservation, status: Exclude<ReservationStatus, "ACTIVE">): Promise<void> {
    for (const l of r.lines) {
      const shipped = status === "COMMITTED" ? l.quantity : 0n;
      await this.client.query(
        "UPDATE stock SET reserved = reserved - $3, on_hand = on_hand - $4 WHERE sku_id = $1 AND warehouse_id = $2",
        [l.skuId, l.warehouseId, l.quantity.toString(), shipped.toString()],
      );
    }
    await this.client.query("UPDATE reservations SET status = $2 WHERE id = $1", [r.id, status]);
  }

  /** Active reservations past their expiry, locked; rows another sweeper holds are skipped. */
  async dueReservations(now: Date, limit: number): Promise<Reservation[]> {
    const { rows } = await this.client.query<{ id: string }>(
      "SELECT id FROM reservations WHERE status = 'ACTIVE' AND expire_time <= $1 ORDER BY expire_time LIMIT $2 FOR UPDATE SKIP LOCKED",
      [now, limit],
    );
    const out: Reservation[] = [];
    for (const { id } of rows) out.push((await reservationById(this.client, id))!);
    return out;
  }

  /** Tells inventory which product a SKU belongs to; the first registration wins. */
  async registerSku(skuId: string, productId: string): Promise<void> {
    await this.client.query(
      "INSERT INTO sku_products (sku_id, product_id) VALUES ($1, $2) ON CONFLICT (sku_id) DO NOTHING",
      [skuId, productId],
    );
  }

  /** Adds (or removes) stock in a warehouse; false when that would leave less than is reserved there. */
  async adjust(skuId: string, warehouseId: string, delta: bigint): Promise<boolean> {
    await this.client.query("INSERT INTO stock (sku_id, warehouse_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
      skuId,
      warehouseId,
    ]);
    const { rowCount } = await this.client.query(
      "UPDATE stock SET on_hand = on_hand + $3 WHERE sku_id = $1 AND warehouse_id = $2 AND on_hand + $3 >= reserved",
      [skuId, warehouseId, delta.toString()],
    );
    return rowCount === 1;
  }

  async lockOrder(orderId: string): Promise<void> {
    await this.client.query("SELECT pg_advisory_xact_lock(hashtext('saga-order:' || $1))", [orderId]);
  }

  async orderReservation(orderId: string): Promise<Reservation | undefined> {
    const { rows } = await this.client.query<{ id: string }>(
      "SELECT id FROM reservations WHERE origin = 'SAGA' AND reference = $1 FOR UPDATE",
      [orderId],
    );
    return rows[0] && reservationById(this.client, rows[0].id);
  }

  async returnStock(r: Reservation, at: Date): Promise<void> {
    for (const l of r.lines)
      await this.client.query("UPDATE stock SET on_hand = on_hand + $3 WHERE sku_id = $1 AND warehouse_id = $2", [
        l.skuId,
        l.warehouseId,
        l.quantity.toString(),
      ]);
    await this.client.query("UPDATE reservations SET return_time = $2 WHERE id = $1", [r.id, at]);
  }

  async hasTombstone(orderId: string): Promise<boolean> {
    const { rowCount } = await this.client.query("SELECT 1 FROM reservation_tombstones WHERE order_id = $1", [orderId]);
    return rowCount === 1;
  }

  async leaveTombstone(orderId: string, correlationId: string, at: Date): Promise<void> {
    await this.client.query(
      `INSERT INTO reservation_tombstones (order_id, correlation_id, create_time) VALUES ($1, $2, $3)
       ON CONFLICT (order_id) DO NOTHING`,
      [orderId, correlationId, at],
    );
  }

  async stepOutcome(correlationId: string): Promise<LoggedReply | undefined> {
    const { rows } = await this.client.query<{
      order_id: string;
      correlation_id: string;
      command_type: string;
      reply_type: string;
      payload: Buffer;
    }>(
      `SELECT order_id, correlation_id, command_type, reply_type, payload FROM saga_replies
       WHERE correlation_id = $1 AND kind = 'outcome'`,
      [correlationId],
    );
    const r = rows[0];
    return (
      r && {
        orderId: r.order_id,
        correlationId: r.correlation_id,
        commandType: r.command_type,
        replyType: r.reply_type,
        payload: new Uint8Array(r.payload),
      }
    );
  }

  async logReply(reply: LoggedReply & { kind: ReplyKind; at: Date }): Promise<bigint> {
    // The caller holds the order's lock (lockOrder), so max + 1 is not taken by anyone else.
    const { rows } = await this.client.query<{ version: string }>(
      `INSERT INTO saga_replies
         (order_id, version, correlation_id, command_type, reply_type, payload, kind, create_time)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, $7 FROM saga_replies WHERE order_id = $1
       RETURNING version::text`,
      [
        reply.orderId,
        reply.correlationId,
        reply.commandType,
        reply.replyType,
        Buffer.from(reply.payload),
        reply.kind,
        reply.at,
      ],
    );
    return BigInt(rows[0]!.version);
  }
}

async function reservationById(db: Queryable, id: string): Promise<Reservation | undefined> {
  const { rows } = await db.query<{
    id: string;
    status: ReservationStatus;
    origin: ReservationOrigin;
    reference: string;
    create_time: Date;
    expire_time: Date;
    return_time: Date | null;
    lines: Array<{ sku_id: string; warehouse_id: string; quantity: string }>;
  }>(
    `SELECT r.id, r.status, r.origin, r.reference, r.create_time, r.expire_time, r.return_time,
            COALESCE((SELECT json_agg(json_build_object('sku_id', l.sku_id, 'warehouse_id', l.warehouse_id, 'quantity', l.quantity::text) ORDER BY l.sku_id, l.warehouse_id)
                      FROM reservation_lines l WHERE l.reservation_id = r.id), '[]'::json) AS lines
     FROM reservations r WHERE r.id = $1`,
    [id],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      status: r.status,
      origin: r.origin,
      reference: r.reference,
      createTime: r.create_time,
      expireTime: r.expire_time,
      ...(r.return_time ? { returnTime: r.return_time } : {}),
      lines: r.lines.map((l) => ({ skuId: l.sku_id, warehouseId: l.warehouse_id, quantity: BigInt(l.quantity) })),
    }
  );
}

function group(rows: StockRow[]): SkuAvailability[] {
  const bySku = new Map<string, SkuAvailability>();
  for (const r of rows) {
    const entry = bySku.get(r.sku_id) ?? {
      skuId: r.sku_id,
      productId: r.product_id,
      warehouses: [],
      version: BigInt(r.version),
    };
    entry.warehouses.push({ warehouseId: r.warehouse_id, onHand: BigInt(r.on_hand), reserved: BigInt(r.reserved) });
    bySku.set(r.sku_id, entry);
  }
  return [...bySku.values()];
}

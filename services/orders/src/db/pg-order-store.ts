import { toBinary, type DescMessage } from "@bufbuild/protobuf";
import {
  AppError,
  inSavepoint,
  inTransaction,
  recordCommand,
  recordEvent,
  type EventToRecord,
  type Pool,
  type PoolClient,
} from "@emporium/platform";
import { orderEventFrom, orderEventRecord } from "../application/order-event-codec";
import type { SkuPrice } from "../application/carts-deps";
import type {
  EventMetadata,
  LoadedOrder,
  OrderStore,
  OrderTransaction,
  Placement,
  StorePosition,
} from "../application/orders-deps";
import type { Cart } from "../domain/cart";
import { emptyCart, lockCart, repriceCart } from "./cart-repository";
import { replay } from "../domain/order-aggregate";
import type { AwaitedStep, Order } from "../domain/order";
import type { OrderEvent, VersionedOrderEvent } from "../domain/order-events";
import { orderFromRow, orderToRow, type OrderRow } from "./order-row-codec";

type Queryable = Pick<Pool | PoolClient, "query">;

/** The shape of order_snapshots.state; bump it when Order changes shape (older snapshots are then ignored). */
const SNAPSHOT_SCHEMA = 2;

/** The event store on PostgreSQL: order_events (append-only), order_snapshots, and the outbox. */
export class PgOrderStore implements OrderStore {
  /** `snapshotEvery`: a snapshot is written each time a stream's version passes a multiple of it. */
  constructor(
    private readonly pool: Pool,
    private readonly snapshotEvery: number,
  ) {}

  transaction<T>(work: (tx: OrderTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgOrderTransaction(client, this.snapshotEvery)));
  }

  load(orderId: string): Promise<LoadedOrder> {
    return loadStream(this.pool, orderId);
  }

  history(orderId: string): Promise<VersionedOrderEvent[]> {
    return eventsAfter(this.pool, orderId, 0);
  }
}

/**
 * The event store inside a transaction someone else runs (a message's inbox transaction): each
 * `transaction` is a savepoint of it, so a version conflict undoes only that attempt, and the
 * writes commit with the inbox row.
 */
export class PgOrderStoreInTransaction implements OrderStore {
  constructor(
    private readonly client: PoolClient,
    private readonly snapshotEvery: number,
  ) {}

  transaction<T>(work: (tx: OrderTransaction) => Promise<T>): Promise<T> {
    return inSavepoint(this.client, () => work(new PgOrderTransaction(this.client, this.snapshotEvery)));
  }

  load(orderId: string): Promise<LoadedOrder> {
    return loadStream(this.client, orderId);
  }

  history(orderId: string): Promise<VersionedOrderEvent[]> {
    return eventsAfter(this.client, orderId, 0);
  }
}

/** Appends of one transaction. */
export class PgOrderTransaction implements OrderTransaction {
  constructor(
    readonly client: PoolClient,
    private readonly snapshotEvery: number,
  ) {}

  load(orderId: string): Promise<LoadedOrder> {
    return loadStream(this.client, orderId);
  }

  // The carts' own SQL, in this transaction: the order and the emptied cart commit together.
  lockCart(customerId: string): Promise<Cart | undefined> {
    return lockCart(this.client, customerId);
  }

  repriceCart(cartId: string, prices: ReadonlyMap<string, SkuPrice>, now: Date): Promise<Cart> {
    return repriceCart(this.client, cartId, prices, now);
  }

  async emptyCart(cartId: string, now: Date): Promise<void> {
    await emptyCart(this.client, cartId, now);
  }

  async placementByKey(customerId: string, idempotencyKey: string): Promise<Placement | undefined> {
    const { rows } = await this.client.query<PlacementRow>(
      "SELECT * FROM order_placements WHERE customer_id = $1 AND idempotency_key = $2",
      [customerId, idempotencyKey],
    );
    return placementFrom(rows[0]);
  }

  async placementOf(orderId: string): Promise<Placement | undefined> {
    const { rows } = await this.client.query<PlacementRow>("SELECT * FROM order_placements WHERE order_id = $1", [
      orderId,
    ]);
    return placementFrom(rows[0]);
  }

  async recordCommand(command: EventToRecord<DescMessage>): Promise<void> {
    await recordCommand(this.client, "orders", command);
  }

  async setDeadline(orderId: string, awaiting: AwaitedStep | undefined): Promise<void> {
    await this.client.query("DELETE FROM saga_deadlines WHERE order_id = $1", [orderId]);
    if (awaiting)
      await this.client.query("INSERT INTO saga_deadlines (order_id, correlation_id, due_at) VALUES ($1, $2, $3)", [
        orderId,
        awaiting.correlationId,
        awaiting.deadline,
      ]);
  }

  async claimDueDeadline(now: Date): Promise<{ orderId: string; correlationId: string } | undefined> {
    const { rows } = await this.client.query<{ order_id: string; correlation_id: string }>(
      `SELECT order_id, correlation_id FROM saga_deadlines WHERE due_at <= $1
       ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    const r = rows[0];
    return r && { orderId: r.order_id, correlationId: r.correlation_id };
  }

  async recordPlacement(p: Placement): Promise<void> {
    await this.client.query(
      `INSERT INTO order_placements (customer_id, idempotency_key, order_id, request_fingerprint,
         payment_method_token, shipping_quote_id, create_time) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        p.customerId,
        p.idempotencyKey,
        p.orderId,
        p.requestFingerprint,
        p.paymentMethodToken,
        p.shippingQuoteId,
        p.createTime,
      ],
    );
  }

  async append(
    orderId: string,
    expectedVersion: number,
    events: readonly OrderEvent[],
    metadata: EventMetadata,
  ): Promise<StorePosition> {
    if (events.length === 0) throw new RangeError("append needs at least one event");
    let version = expectedVersion;
    let position: StorePosition | undefined;
    for (const event of events) {
      version += 1;
      const record = orderEventRecord(event, version, metadata.traceparent);
      const payload = Buffer.from(toBinary(record.schema, record.payload as never));
      // The outbox row first: its message id is the event's id in the store too.
      const eventId = await recordEvent(this.client, "orders", record);
      const stored = { ...metadata, eventId };
      position = await this.insertEvent(orderId, version, record.schema.typeName, payload, event.at, stored);
    }
    // Every N events: the state as of the last multiple of N this append reached.
    const snapshotAt = version - (version % this.snapshotEvery);
    if (snapshotAt > expectedVersion) await this.snapshot(orderId, snapshotAt);
    return position!;
  }

  private async insertEvent(
    orderId: string,
    version: number,
    type: string,
    payload: Buffer,
    occurredAt: Date,
    metadata: EventMetadata & { eventId: string },
  ): Promise<StorePosition> {
    try {
      const { rows } = await this.client.query<{ transaction_id: string; seq: string }>(
        `INSERT INTO order_events (stream_id, version, type, payload, metadata, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING transaction_id::text, seq`,
        [orderId, version, type, payload, metadata, occurredAt],
      );
      return { transactionId: BigInt(rows[0]!.transaction_id), seq: BigInt(rows[0]!.seq) };
    } catch (err) {
      if ((err as { code?: string }).code === "23505") throw new VersionConflict(orderId, version - 1);
      throw err;
    }
  }

  /** The state as of `version`, as the stream's one snapshot (a newer one is kept). */
  private async snapshot(orderId: string, version: number): Promise<void> {
    const { order } = await loadStream(this.client, orderId, version);
    await this.client.query(
      `INSERT INTO order_snapshots (stream_id, version, schema_version, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, schema_version = EXCLUDED.schema_version,
         state = EXCLUDED.state, taken_at = now()
       WHERE order_snapshots.version < EXCLUDED.version`,
      [orderId, version, SNAPSHOT_SCHEMA, orderToRow(order!)],
    );
  }
}

const placementFrom = (r: PlacementRow | undefined): Placement | undefined =>
  r && {
    customerId: r.customer_id,
    idempotencyKey: r.idempotency_key,
    orderId: r.order_id,
    requestFingerprint: r.request_fingerprint,
    paymentMethodToken: r.payment_method_token,
    shippingQuoteId: r.shipping_quote_id,
    createTime: r.create_time,
  };

interface PlacementRow {
  customer_id: string;
  idempotency_key: string;
  order_id: string;
  request_fingerprint: string;
  payment_method_token: string;
  shipping_quote_id: string;
  create_time: Date;
}

/** Another command appended to the stream first: reload and decide again. */
export class VersionConflict extends AppError {
  constructor(orderId: string, expectedVersion: number) {
    super("ABORTED", `order ${orderId} changed concurrently (it is no longer at version ${expectedVersion}); retry`);
  }
}

/** The latest snapshot plus the events after it (up to version `upTo`). */
export async function loadStream(db: Queryable, orderId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<LoadedOrder> {
  const { rows } = await db.query<{ version: string; state: OrderRow }>(
    "SELECT version, state FROM order_snapshots WHERE stream_id = $1 AND schema_version = $2 AND version <= $3",
    [orderId, SNAPSHOT_SCHEMA, upTo],
  );
  const snapshot: Order | undefined = rows[0] && orderFromRow(rows[0].state);
  const later = await eventsAfter(db, orderId, snapshot?.version ?? 0, upTo);
  const order = replay(later, snapshot);
  return { order, version: order?.version ?? 0 };
}

async function eventsAfter(
  db: Queryable,
  orderId: string,
  version: number,
  upTo = Number.MAX_SAFE_INTEGER,
): Promise<VersionedOrderEvent[]> {
  const { rows } = await db.query<{ version: string; type: string; payload: Buffer }>(
    `SELECT version, type, payload FROM order_events WHERE stream_id = $1 AND version > $2 AND version <= $3
     ORDER BY version`,
    [orderId, version, upTo],
  );
  return rows.map((r) => ({ version: Number(r.version), event: orderEventFrom(r.type, r.payload) }));
}

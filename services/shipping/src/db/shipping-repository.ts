import type { DescMessage } from "@bufbuild/protobuf";
import {
  inSavepoint,
  inTransaction,
  recordEvent,
  type EventToRecord,
  type Pool,
  type PoolClient,
} from "@emporium/platform";
import type { ShippingRepository, ShippingTransaction } from "../application/shipping-deps";
import { SHIPPING_EVENT_SOURCE } from "../application/shipping-events";
import type { CancelledOrder, Shipment, ShipmentStatus } from "../domain/shipment";
import type { ServiceLevel, ShippingQuote } from "../domain/shipping-quote";

interface QuoteRow {
  id: string;
  requested_by: string;
  country_code: string;
  postal_code: string;
  service_level: ServiceLevel;
  weight_grams: string;
  price_minor: string;
  currency: string;
  create_time: Date;
  expire_time: Date;
}

interface ShipmentRow {
  id: string;
  order_id: string;
  customer_id: string;
  quote_id: string;
  recipient_name: string;
  line1: string;
  line2: string;
  city: string;
  postal_code: string;
  country_code: string;
  service_level: ServiceLevel;
  weight_grams: string;
  price_minor: string;
  currency: string;
  status: ShipmentStatus;
  failure_reason: string;
  correlation_id: string;
  version: string;
  create_time: Date;
  update_time: Date;
  next_step_time: Date | null;
  request_hash: string;
}

const NEWEST_FIRST = "ORDER BY order_id, create_time DESC, id DESC";

/** Quotes and shipments on PostgreSQL: each `transaction` is a transaction of its own. */
export class PgShippingRepository implements ShippingRepository {
  constructor(private readonly pool: Pool) {}

  transaction<T>(work: (tx: ShippingTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgShippingTransaction(client)));
  }

  insertQuote(q: ShippingQuote): Promise<void> {
    return insertQuote(this.pool, q);
  }

  quoteById(id: string): Promise<ShippingQuote | undefined> {
    return quoteById(this.pool, id);
  }

  shipmentsOfOrders(orderIds: readonly string[]): Promise<Shipment[]> {
    return shipmentsOfOrders(this.pool, orderIds);
  }
}

/**
 * Quotes and shipments inside a transaction someone else opened and commits: a command's inbox
 * transaction. Each `transaction` is a savepoint of it, so a use case's writes land all or none as
 * they do on the pool, and a refused use case leaves the transaction usable for the failure reply.
 */
export class PgShippingRepositoryInTransaction implements ShippingRepository {
  /** `traceparent`: the command's, continued by every event recorded here that carries none. */
  constructor(
    private readonly client: PoolClient,
    private readonly traceparent?: string,
  ) {}

  transaction<T>(work: (tx: ShippingTransaction) => Promise<T>): Promise<T> {
    return inSavepoint(this.client, () => work(new PgShippingTransaction(this.client, this.traceparent)));
  }

  insertQuote(q: ShippingQuote): Promise<void> {
    return insertQuote(this.client, q);
  }

  quoteById(id: string): Promise<ShippingQuote | undefined> {
    return quoteById(this.client, id);
  }

  shipmentsOfOrders(orderIds: readonly string[]): Promise<Shipment[]> {
    return shipmentsOfOrders(this.client, orderIds);
  }
}

type Sql = Pick<PoolClient, "query">;

async function insertQuote(sql: Sql, q: ShippingQuote): Promise<void> {
  await sql.query(
    `INSERT INTO quotes (id, requested_by, country_code, postal_code, service_level, weight_grams, price_minor,
                         currency, create_time, expire_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      q.id,
      q.requestedBy,
      q.destination.countryCode,
      q.destination.postalCode,
      q.serviceLevel,
      q.weightGrams,
      q.price.amountMinor.toString(),
      q.price.currency,
      q.createTime,
      q.expireTime,
    ],
  );
}

async function quoteById(sql: Sql, id: string): Promise<ShippingQuote | undefined> {
  const { rows } = await sql.query<QuoteRow>("SELECT * FROM quotes WHERE id = $1", [id]);
  return rows[0] && toQuote(rows[0]);
}

async function shipmentsOfOrders(sql: Sql, orderIds: readonly string[]): Promise<Shipment[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await sql.query<ShipmentRow>(`SELECT * FROM shipments WHERE order_id = ANY($1) ${NEWEST_FIRST}`, [
    orderIds,
  ]);
  return rows.map(toShipment);
}

/** The reads and writes of one change, inside one PostgreSQL transaction. */
export class PgShippingTransaction implements ShippingTransaction {
  /**
   * `traceparent`: the trace the recorded events continue when they carry none of their own (a
   * command's, so its reply joins the saga's trace).
   */
  constructor(
    private readonly client: PoolClient,
    private readonly traceparent?: string,
  ) {}

  async lockQuote(id: string): Promise<ShippingQuote | undefined> {
    const { rows } = await this.client.query<QuoteRow>("SELECT * FROM quotes WHERE id = $1 FOR UPDATE", [id]);
    return rows[0] && toQuote(rows[0]);
  }

  async lockOrder(orderId: string): Promise<void> {
    await this.client.query("SELECT pg_advisory_xact_lock(hashtext('shipments-of-order:' || $1))", [orderId]);
  }

  async shipmentByKey(key: string): Promise<{ shipment: Shipment; requestHash: string } | undefined> {
    // Serialises concurrent retries of one key: the second waits for the first to commit.
    await this.client.query("SELECT pg_advisory_xact_lock(hashtext('create-shipment:' || $1))", [key]);
    const { rows } = await this.client.query<ShipmentRow>("SELECT * FROM shipments WHERE idempotency_key = $1", [key]);
    return rows[0] && { shipment: toShipment(rows[0]), requestHash: rows[0].request_hash };
  }

  async shipmentOfQuote(quoteId: string): Promise<Shipment | undefined> {
    const { rows } = await this.client.query<ShipmentRow>("SELECT * FROM shipments WHERE quote_id = $1", [quoteId]);
    return rows[0] && toShipment(rows[0]);
  }

  shipmentsOfOrder(orderId: string): Promise<Shipment[]> {
    return shipmentsOfOrders(this.client, [orderId]);
  }

  async cancelledOrder(orderId: string): Promise<CancelledOrder | undefined> {
    const { rows } = await this.client.query<{
      order_id: string;
      correlation_id: string;
      reason: string;
      create_time: Date;
    }>("SELECT order_id, correlation_id, reason, create_time FROM cancelled_orders WHERE order_id = $1", [orderId]);
    const r = rows[0];
    return r && { orderId: r.order_id, correlationId: r.correlation_id, reason: r.reason, createTime: r.create_time };
  }

  async insertCancelledOrder(t: CancelledOrder): Promise<void> {
    await this.client.query(
      "INSERT INTO cancelled_orders (order_id, correlation_id, reason, create_time) VALUES ($1, $2, $3, $4)",
      [t.orderId, t.correlationId, t.reason, t.createTime],
    );
  }

  async insertShipment(s: Shipment, idempotency: { key: string; requestHash: string }): Promise<void> {
    const a = s.address;
    await this.client.query(
      `INSERT INTO shipments (id, order_id, customer_id, quote_id, recipient_name, line1, line2, city, postal_code,
                              country_code, service_level, weight_grams, price_minor, currency, status, failure_reason,
                              correlation_id, version, create_time, update_time, next_step_time, idempotency_key,
                              request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [
        s.id,
        s.orderId,
        s.customerId,
        s.quoteId,
        a.recipientName,
        a.line1,
        a.line2,
        a.city,
        a.postalCode,
        a.countryCode,
        s.serviceLevel,
        s.weightGrams,
        s.price.amountMinor.toString(),
        s.price.currency,
        s.status,
        s.failureReason,
        s.correlationId,
        s.version.toString(),
        s.createTime,
        s.updateTime,
        s.nextStepTime ?? null,
        idempotency.key,
        idempotency.requestHash,
      ],
    );
  }

  async lockShipment(id: string): Promise<Shipment | undefined> {
    const { rows } = await this.client.query<ShipmentRow>("SELECT * FROM shipments WHERE id = $1 FOR UPDATE", [id]);
    return rows[0] && toShipment(rows[0]);
  }

  async updateShipment(s: Shipment): Promise<void> {
    await this.client.query(
      `UPDATE shipments SET status = $2, failure_reason = $3, version = $4, update_time = $5, next_step_time = $6
       WHERE id = $1`,
      [s.id, s.status, s.failureReason, s.version.toString(), s.updateTime, s.nextStepTime ?? null],
    );
  }

  async dueShipments(now: Date, limit: number): Promise<Shipment[]> {
    const { rows } = await this.client.query<ShipmentRow>(
      `SELECT * FROM shipments WHERE next_step_time <= $1
       ORDER BY next_step_time, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toShipment);
  }

  async recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void> {
    await recordEvent(this.client, SHIPPING_EVENT_SOURCE, {
      ...event,
      traceparent: event.traceparent ?? this.traceparent,
    });
  }
}

function toQuote(r: QuoteRow): ShippingQuote {
  return {
    id: r.id,
    requestedBy: r.requested_by,
    destination: { countryCode: r.country_code, postalCode: r.postal_code },
    serviceLevel: r.service_level,
    weightGrams: Number(r.weight_grams),
    price: { currency: r.currency, amountMinor: BigInt(r.price_minor) },
    createTime: r.create_time,
    expireTime: r.expire_time,
  };
}

function toShipment(r: ShipmentRow): Shipment {
  return {
    id: r.id,
    orderId: r.order_id,
    customerId: r.customer_id,
    quoteId: r.quote_id,
    address: {
      recipientName: r.recipient_name,
      line1: r.line1,
      line2: r.line2,
      city: r.city,
      postalCode: r.postal_code,
      countryCode: r.country_code,
    },
    serviceLevel: r.service_level,
    weightGrams: Number(r.weight_grams),
    price: { currency: r.currency, amountMinor: BigInt(r.price_minor) },
    status: r.status,
    failureReason: r.failure_reason,
    correlationId: r.correlation_id,
    version: BigInt(r.version),
    createTime: r.create_time,
    updateTime: r.update_time,
    ...(r.next_step_time && { nextStepTime: r.next_step_time }),
  };
}

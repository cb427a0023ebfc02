import type { DescMessage } from "@bufbuild/protobuf";
import {
  AppError,
  inSavepoint,
  inTransaction,
  recordEvent,
  type EventToRecord,
  type Pool,
  type PoolClient,
} from "@emporium/platform";
import type { PaymentRepository, PaymentTransaction, Remembered } from "../application/payments-deps";
import { PAYMENTS_EVENT_SOURCE } from "../application/payments-events";
import type { DeclineReason, Payment, PaymentStatus, Refund, VoidedOrder } from "../domain/payment";

interface PaymentRow {
  id: string;
  order_id: string;
  customer_id: string;
  status: PaymentStatus;
  currency: string;
  authorized_minor: string;
  captured_minor: string;
  refunded_minor: string;
  decline_reason: DeclineReason | null;
  provider_reference: string;
  request_hash: string;
  version: string;
  create_time: Date;
  update_time: Date;
}

const toPayment = (r: PaymentRow): Payment => ({
  id: r.id,
  orderId: r.order_id,
  customerId: r.customer_id,
  status: r.status,
  authorized: { currency: r.currency, amountMinor: BigInt(r.authorized_minor) },
  capturedMinor: BigInt(r.captured_minor),
  refundedMinor: BigInt(r.refunded_minor),
  ...(r.decline_reason ? { declineReason: r.decline_reason } : {}),
  providerReference: r.provider_reference,
  version: BigInt(r.version),
  createTime: r.create_time,
  updateTime: r.update_time,
});

const SELECT_PAYMENT = `SELECT id, order_id, customer_id, status, currency, authorized_minor::text, captured_minor::text,
  refunded_minor::text, decline_reason, provider_reference, request_hash, version::text, create_time, update_time
  FROM payments`;

/** The payment repository on PostgreSQL: each `transaction` is a transaction of its own. */
export class PgPaymentRepository implements PaymentRepository {
  constructor(private readonly pool: Pool) {}

  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgPaymentTransaction(client)));
  }

  byId(id: string): Promise<Payment | undefined> {
    return paymentById(this.pool, id);
  }

  byOrders(orderIds: readonly string[]): Promise<Payment[]> {
    return paymentsOfOrders(this.pool, orderIds);
  }
}

/**
 * The payment repository inside a transaction someone else opened and commits: a command's inbox
 * transaction. Each `transaction` is a savepoint of it, so a use case's writes land all or none as
 * they do on the pool, and a refused use case (a domain rule, a unique violation) leaves the
 * transaction usable for the command's failure reply.
 */
export class PgPaymentRepositoryInTransaction implements PaymentRepository {
  /** `traceparent`: the command's, continued by every event recorded here that carries none. */
  constructor(
    private readonly client: PoolClient,
    private readonly traceparent?: string,
  ) {}

  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    return inSavepoint(this.client, () => work(new PgPaymentTransaction(this.client, this.traceparent)));
  }

  byId(id: string): Promise<Payment | undefined> {
    return paymentById(this.client, id);
  }

  byOrders(orderIds: readonly string[]): Promise<Payment[]> {
    return paymentsOfOrders(this.client, orderIds);
  }
}

type Sql = Pick<PoolClient, "query">;

async function paymentById(sql: Sql, id: string): Promise<Payment | undefined> {
  const { rows } = await sql.query<PaymentRow>(`${SELECT_PAYMENT} WHERE id = $1`, [id]);
  return rows[0] && toPayment(rows[0]);
}

async function paymentsOfOrders(sql: Sql, orderIds: readonly string[]): Promise<Payment[]> {
  const { rows } = await sql.query<PaymentRow>(`${SELECT_PAYMENT} WHERE order_id = ANY($1) ORDER BY create_time, id`, [
    orderIds,
  ]);
  return rows.map(toPayment);
}

const UNIQUE_VIOLATION = "23505";

/** One change of a payment inside one PostgreSQL transaction. */
export class PgPaymentTransaction implements PaymentTransaction {
  /**
   * `traceparent`: the trace the recorded events continue when they carry none of their own (a
   * command's, so its reply joins the saga's trace).
   */
  constructor(
    private readonly client: PoolClient,
    private readonly traceparent?: string,
  ) {}

  async authorizationByKey(key: string): Promise<Remembered<Payment> | undefined> {
    // Serialises concurrent calls with one key: the second waits, then finds the first's payment.
    await this.client.query("SELECT pg_advisory_xact_lock(hashtext('authorize:' || $1))", [key]);
    const { rows } = await this.client.query<PaymentRow>(`${SELECT_PAYMENT} WHERE idempotency_key = $1`, [key]);
    return rows[0] && { value: toPayment(rows[0]), requestHash: rows[0].request_hash };
  }

  async insert(p: Payment, idempotency: { key: string; requestHash: string }): Promise<void> {
    await this.client.query(
      `INSERT INTO payments (id, order_id, customer_id, status, currency, authorized_minor, captured_minor,
         refunded_minor, decline_reason, provider_reference, idempotency_key, request_hash, version, create_time, update_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        p.id,
        p.orderId,
        p.customerId,
        p.status,
        p.authorized.currency,
        p.authorized.amountMinor.toString(),
        p.capturedMinor.toString(),
        p.refundedMinor.toString(),
        p.declineReason ?? null,
        p.providerReference,
        idempotency.key,
        idempotency.requestHash,
        p.version.toString(),
        p.createTime,
        p.updateTime,
      ],
    );
  }

  async lockOrder(orderId: string): Promise<void> {
    await this.client.query("SELECT pg_advisory_xact_lock(hashtext('payments-of-order:' || $1))", [orderId]);
  }

  paymentsOfOrder(orderId: string): Promise<Payment[]> {
    return paymentsOfOrders(this.client, [orderId]);
  }

  async voidedOrder(orderId: string): Promise<VoidedOrder | undefined> {
    const { rows } = await this.client.query<{
      order_id: string;
      correlation_id: string;
      reason: string;
      create_time: Date;
    }>("SELECT order_id, correlation_id, reason, create_time FROM voided_orders WHERE order_id = $1", [orderId]);
    const r = rows[0];
    return r && { orderId: r.order_id, correlationId: r.correlation_id, reason: r.reason, createTime: r.create_time };
  }

  async insertVoidedOrder(t: VoidedOrder): Promise<void> {
    await this.client.query(
      "INSERT INTO voided_orders (order_id, correlation_id, reason, create_time) VALUES ($1, $2, $3, $4)",
      [t.orderId, t.correlationId, t.reason, t.createTime],
    );
  }

  async lock(id: string): Promise<Payment | undefined> {
    const { rows } = await this.client.query<PaymentRow>(`${SELECT_PAYMENT} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] && toPayment(rows[0]);
  }

  async update(p: Payment): Promise<void> {
    await this.client.query(
      `UPDATE payments SET status = $2, captured_minor = $3, refunded_minor = $4, version = $5, update_time = $6
       WHERE id = $1`,
      [p.id, p.status, p.capturedMinor.toString(), p.refundedMinor.toString(), p.version.toString(), p.updateTime],
    );
  }

  async insertCapture(p: Payment): Promise<void> {
    try {
      await this.client.query(
        "INSERT INTO captures (payment_id, order_id, amount_minor, create_time) VALUES ($1, $2, $3, $4)",
        [p.id, p.orderId, p.capturedMinor.toString(), p.updateTime],
      );
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      throw new AppError("FAILED_PRECONDITION", `order ${p.orderId} already has a captured payment`, [
        { field: "payment_id", ruleId: "order.one_capture", message: "an order is captured once" },
      ]);
    }
  }

  async refundByKey(paymentId: string, key: string): Promise<Remembered<Refund> | undefined> {
    const { rows } = await this.client.query<RefundRow>(
      `${SELECT_REFUND} WHERE r.payment_id = $1 AND r.idempotency_key = $2`,
      [paymentId, key],
    );
    return rows[0] && { value: toRefund(rows[0]), requestHash: rows[0].request_hash };
  }

  async insertRefund(r: Refund, idempotency: { key: string; requestHash: string }): Promise<void> {
    await this.client.query(
      `INSERT INTO refunds (id, payment_id, amount_minor, refunded_total_minor, reason, idempotency_key, request_hash,
         create_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        r.id,
        r.paymentId,
        r.amount.amountMinor.toString(),
        r.refundedTotal.amountMinor.toString(),
        r.reason,
        idempotency.key,
        idempotency.requestHash,
        r.createTime,
      ],
    );
  }

  async recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void> {
    await recordEvent(this.client, PAYMENTS_EVENT_SOURCE, {
      ...event,
      traceparent: event.traceparent ?? this.traceparent,
    });
  }
}

interface RefundRow {
  id: string;
  payment_id: string;
  currency: string;
  amount_minor: string;
  refunded_total_minor: string;
  reason: string;
  request_hash: string;
  create_time: Date;
}

const SELECT_REFUND = `SELECT r.id, r.payment_id, p.currency, r.amount_minor::text, r.refunded_total_minor::text,
  r.reason, r.request_hash, r.create_time
  FROM refunds r JOIN payments p ON p.id = r.payment_id`;

const toRefund = (r: RefundRow): Refund => ({
  id: r.id,
  paymentId: r.payment_id,
  amount: { currency: r.currency, amountMinor: BigInt(r.amount_minor) },
  refundedTotal: { currency: r.currency, amountMinor: BigInt(r.refunded_total_minor) },
  reason: r.reason,
  createTime: r.create_time,
});

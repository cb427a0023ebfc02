import pg from "pg";
import { CONFIRMED_OR_LATER, type CheckoutStock } from "./checkout-driver";

/** Where each participant keeps its state. */
export interface CheckoutDatabases {
  orders: string;
  inventory: string;
  payments: string;
  shipping: string;
}

/**
 * What must hold once every order of a run has settled, whatever failed on the way. Every count is
 * what a customer or the shop would call a bug; the run passes when all of them are 0.
 */
export interface CheckoutInvariants {
  /** Orders whose provider was asked to capture more than once. */
  doubleCaptures: number;
  /** Confirmed (or shipped, delivered) orders without exactly one capture of their total. */
  confirmedNotCaptured: number;
  /** FAILED or CANCELLED orders whose money is still held or taken (authorised, or captured and not refunded). */
  moneyKeptForUnsettledSale: number;
  /** FAILED or CANCELLED orders with a shipment that is not cancelled or failed. */
  shipmentsForCompensatedOrders: number;
  /**
   * Units that appeared or vanished: per SKU, on hand (available + reserved) + committed against
   * what was on hand at the start; the drifts' absolute values summed over the SKUs.
   */
  stockDrift: bigint;
  /** Units still held by reservations although every order settled. */
  stillReserved: bigint;
  /** Outbox rows not yet published, per service. */
  unpublishedOutbox: Record<string, number>;
}

async function withDb<T>(url: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

const count = async (db: pg.Client, sql: string, params: unknown[]) =>
  Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);

/** Reads the invariants of the run's orders and SKUs from every participant's database. */
export async function checkoutInvariants(
  dbs: CheckoutDatabases,
  orderIds: readonly string[],
  stock: CheckoutStock,
): Promise<CheckoutInvariants> {
  const orders = await withDb(dbs.orders, async (db) => {
    const { rows } = await db.query<{ order_id: string; status: string; total_minor: string }>(
      "SELECT order_id, status, total_minor::text FROM order_views WHERE order_id = ANY($1)",
      [orderIds],
    );
    return rows;
  });
  const confirmed = orders.filter((o) => CONFIRMED_OR_LATER.has(o.status));
  const compensated = orders.filter((o) => o.status === "FAILED" || o.status === "CANCELLED").map((o) => o.order_id);

  const payments = await withDb(dbs.payments, async (db) => ({
    // The provider's own memory: one capture request per order, ever.
    doubleCaptures: await count(
      db,
      `SELECT count(*) AS n FROM (
         SELECT p.order_id FROM simulated_provider_requests r
           JOIN payments p ON p.provider_reference = r.request->>'authorization'
          WHERE r.operation = 'capture' AND p.order_id = ANY($1)
          GROUP BY p.order_id HAVING count(*) > 1) twice`,
      [orderIds],
    ),
    confirmedNotCaptured: confirmed.length
      ? confirmed.length -
        (await count(
          db,
          `SELECT count(*) AS n FROM payments p JOIN unnest($1::text[], $2::bigint[]) AS o(id, total) ON o.id = p.order_id
            WHERE p.status = 'CAPTURED' AND p.captured_minor = o.total`,
          [confirmed.map((o) => o.order_id), confirmed.map((o) => o.total_minor)],
        ))
      : 0,
    moneyKeptForUnsettledSale: await count(
      db,
      `SELECT count(*) AS n FROM payments WHERE order_id = ANY($1)
          AND (status = 'AUTHORIZED' OR (captured_minor > refunded_minor))`,
      [compensated],
    ),
  }));

  const shipmentsForCompensatedOrders = await withDb(dbs.shipping, (db) =>
    count(
      db,
      "SELECT count(*) AS n FROM shipments WHERE order_id = ANY($1) AND status NOT IN ('CANCELLED', 'FAILED')",
      [compensated],
    ),
  );

  const { stockDrift, stillReserved } = await withDb(dbs.inventory, async (db) => {
    const { rows } = await db.query<{ on_hand: string; reserved: string; committed: string }>(
      `SELECT (SELECT coalesce(sum(on_hand), 0) FROM stock WHERE sku_id = s.sku)::text AS on_hand,
              (SELECT coalesce(sum(reserved), 0) FROM stock WHERE sku_id = s.sku)::text AS reserved,
              (SELECT coalesce(sum(l.quantity), 0) FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id
                WHERE r.status = 'COMMITTED' AND l.sku_id = s.sku)::text AS committed
         FROM unnest($1::text[]) AS s(sku)`,
      [stock.skuIds],
    );
    // Per SKU: a unit gone from one SKU and one too many of the other must not cancel out.
    const drifts = rows.map((r) => BigInt(r.on_hand) + BigInt(r.committed) - stock.initialOnHand);
    return {
      stockDrift: drifts.reduce((sum, d) => sum + (d < 0n ? -d : d), 0n),
      stillReserved: rows.reduce((sum, r) => sum + BigInt(r.reserved), 0n),
    };
  });

  const unpublishedOutbox: Record<string, number> = {};
  for (const [service, url] of Object.entries(dbs))
    unpublishedOutbox[service] = await withDb(url, (db) =>
      count(db, "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL", []),
    );

  return { ...payments, shipmentsForCompensatedOrders, stockDrift, stillReserved, unpublishedOutbox };
}

/** The invariants once the relays have drained (an outbox row may be in flight right after settling). */
export async function settledInvariants(
  dbs: CheckoutDatabases,
  orderIds: readonly string[],
  stock: CheckoutStock,
  timeoutMs = 30_000,
): Promise<CheckoutInvariants> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await checkoutInvariants(dbs, orderIds, stock);
    const drained = Object.values(found.unpublishedOutbox).every((n) => n === 0) && found.stillReserved === 0n;
    if (drained || Date.now() > until) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

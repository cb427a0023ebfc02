import { inTransaction, type Pool, type PoolClient } from "@emporium/platform";
import { orderEventFrom } from "../application/order-event-codec";
import type { OrderProjection, StorePosition } from "../application/orders-deps";
import { evolve } from "../domain/order-aggregate";
import type { Order } from "../domain/order";
import { ORDER_ROW_COLUMNS, orderFromRow, orderToRow, type OrderRow } from "./order-row-codec";

const CHECKPOINT = "order_views";
const LIVE = "order_views";
const REBUILD = "order_views_rebuild";
const START: StorePosition = { transactionId: 0n, seq: 0n };

/** Test seams: the rebuild calls this inside its swap transaction, before it renames the tables. */
export interface ProjectionHooks {
  beforeSwap?(): Promise<void>;
}

/**
 * Keeps order_views from order_events. Reads past its checkpoint only events whose transaction id
 * is below the oldest running transaction (pg_snapshot_xmin of the statement's snapshot): every
 * transaction below it has ended, and any later one gets a higher id, so nothing can commit behind
 * the checkpoint (docs/adr/0016). The view rows and the checkpoint commit together: applied once.
 */
export class PgOrderProjection implements OrderProjection {
  constructor(
    private readonly pool: Pool,
    private readonly hooks: ProjectionHooks = {},
  ) {}

  catchUp(batchSize: number): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      // Another instance (or a rebuild's swap) holds it: it is doing this work right now.
      const { rows } = await client.query<{ transaction_id: string; seq: string }>(
        "SELECT transaction_id::text, seq FROM projection_checkpoints WHERE name = $1 FOR UPDATE SKIP LOCKED",
        [CHECKPOINT],
      );
      if (!rows[0]) return 0;
      const from = { transactionId: BigInt(rows[0].transaction_id), seq: BigInt(rows[0].seq) };
      const { applied, position } = await applyBatch(client, LIVE, from, batchSize);
      if (applied) await saveCheckpoint(client, position);
      return applied;
    });
  }

  async reached(position: StorePosition): Promise<boolean> {
    const { rows } = await this.pool.query<{ reached: boolean }>(
      `SELECT (transaction_id, seq) >= ($2::text::xid8, $3::bigint) AS reached
       FROM projection_checkpoints WHERE name = $1`,
      [CHECKPOINT, position.transactionId.toString(), position.seq.toString()],
    );
    return rows[0]?.reached ?? false;
  }

  /**
   * Replays every event into a new table beside the live one, then, holding the live checkpoint
   * (so the live projection pauses), applies what came in meanwhile, renames the new table into
   * place and moves the checkpoint to where the new table is: readers see the old table or the new
   * one, never a half-built one, and the live projection continues from there with nothing lost.
   */
  async rebuild(batchSize: number): Promise<{ events: number }> {
    const lock = await this.pool.connect();
    try {
      const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [REBUILD]);
      if (!rows[0]!.ok) throw new Error("another rebuild of the order projections is running");
      await this.pool.query(`DROP TABLE IF EXISTS ${REBUILD}`);
      await this.pool.query(`CREATE TABLE ${REBUILD} (LIKE ${LIVE} INCLUDING ALL)`);
      // Most of the history, one transaction per batch (a long transaction would hold back every
      // reader's safe position), while the live projection runs on. The position moves on only
      // once a batch has committed: inTransaction may run a batch twice (a lost connection).
      let replayed: Replayed = { applied: 0, position: START };
      for (let full = true; full;) {
        const batch = await inTransaction(this.pool, (client) =>
          applyBatch(client, REBUILD, replayed.position, batchSize),
        );
        replayed = { applied: replayed.applied + batch.applied, position: batch.position };
        full = batch.applied === batchSize;
      }
      const events = await inTransaction(this.pool, async (client) => {
        await client.query("SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE", [CHECKPOINT]);
        const rest = await applyUntilCaughtUp(client, REBUILD, replayed.position, batchSize);
        await this.hooks.beforeSwap?.();
        await swapTables(client);
        await saveCheckpoint(client, rest.position);
        return replayed.applied + rest.applied;
      });
      return { events };
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtext($1))", [REBUILD]).catch(() => undefined);
      lock.release();
    }
  }
}

interface Replayed {
  applied: number;
  position: StorePosition;
}

/** Applies batches to `table` after `from` until one comes back short; how far it got. */
async function applyUntilCaughtUp(
  client: PoolClient,
  table: string,
  from: StorePosition,
  batchSize: number,
): Promise<Replayed> {
  let replayed: Replayed = { applied: 0, position: from };
  for (let full = true; full;) {
    const batch = await applyBatch(client, table, replayed.position, batchSize);
    replayed = { applied: replayed.applied + batch.applied, position: batch.position };
    full = batch.applied === batchSize;
  }
  return replayed;
}

async function swapTables(client: PoolClient): Promise<void> {
  await client.query(`ALTER TABLE ${LIVE} RENAME TO ${LIVE}_retired`);
  await client.query(`ALTER TABLE ${REBUILD} RENAME TO ${LIVE}`);
  await client.query(`DROP TABLE ${LIVE}_retired`);
  // The copied indexes are named after the rebuild table: give them the live names back.
  const { rows } = await client.query<{ name: string }>(
    "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1",
    [LIVE],
  );
  for (const { name } of rows)
    if (name.startsWith(REBUILD))
      await client.query(`ALTER INDEX "${name}" RENAME TO "${LIVE}${name.slice(REBUILD.length)}"`);
}

const saveCheckpoint = (client: PoolClient, p: StorePosition) =>
  client.query("UPDATE projection_checkpoints SET transaction_id = $2::text::xid8, seq = $3 WHERE name = $1", [
    CHECKPOINT,
    p.transactionId.toString(),
    p.seq.toString(),
  ]);

interface EventRow {
  transaction_id: string;
  seq: string;
  stream_id: string;
  version: string;
  type: string;
  payload: Buffer;
}

/** Applies the next events after `from` that no running transaction can precede, to `table`. */
async function applyBatch(
  client: PoolClient,
  table: string,
  from: StorePosition,
  limit: number,
): Promise<{ applied: number; position: StorePosition }> {
  const { rows } = await client.query<EventRow>(
    `SELECT transaction_id::text, seq, stream_id, version, type, payload FROM order_events
     WHERE (transaction_id, seq) > ($1::text::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY transaction_id, seq LIMIT $3`,
    [from.transactionId.toString(), from.seq.toString(), limit],
  );
  if (rows.length === 0) return { applied: 0, position: from };
  const views = await viewsOf(client, table, [...new Set(rows.map((r) => r.stream_id))]);
  for (const r of rows) {
    const current = views.get(r.stream_id);
    const version = Number(r.version);
    // Already applied (a view is never behind its own events): skipping keeps replays harmless.
    if (current && current.version >= version) continue;
    views.set(r.stream_id, evolve(current, orderEventFrom(r.type, r.payload), version));
  }
  for (const view of views.values()) await upsert(client, table, view);
  const last = rows.at(-1)!;
  return { applied: rows.length, position: { transactionId: BigInt(last.transaction_id), seq: BigInt(last.seq) } };
}

async function viewsOf(client: PoolClient, table: string, ids: string[]): Promise<Map<string, Order>> {
  const { rows } = await client.query<OrderRow>(`SELECT * FROM ${table} WHERE order_id = ANY($1)`, [ids]);
  return new Map(rows.map((r) => [r.order_id, orderFromRow(r)]));
}

const UPSERT = (table: string) =>
  `INSERT INTO ${table} (${ORDER_ROW_COLUMNS.join(", ")})
   VALUES (${ORDER_ROW_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})
   ON CONFLICT (order_id) DO UPDATE SET ${ORDER_ROW_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}
   WHERE ${table}.version < EXCLUDED.version`;

const JSON_COLUMNS = new Set<keyof OrderRow>(["lines", "shipping_address", "checkout", "cancellation", "refunds"]);

async function upsert(client: PoolClient, table: string, order: Order): Promise<void> {
  const row = orderToRow(order);
  // jsonb columns get their JSON text (pg would send a JavaScript array as a PostgreSQL array).
  const values = ORDER_ROW_COLUMNS.map((c) => (JSON_COLUMNS.has(c) ? JSON.stringify(row[c]) : row[c]));
  await client.query(UPSERT(table), values);
}

/**
 * Shared set-up for the messaging specs: a database
 * with the messaging tables plus an `effects` table WITHOUT a unique key, so an effect applied
 * twice shows up as two rows; a test event type; a quiet logger.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { StringValueSchema } from "@bufbuild/protobuf/wkt";
import { createTestDatabase, ensureTemplateDatabase } from "@emporium/testing";
import pino from "pino";
import { uuidv7 } from "uuidv7";
import { createPool, type Pool } from "../src/db/create-pool";
import { migrate } from "../src/db/migrate";
import type { BrokerConnection } from "../src/events/broker-connection";
import { EVENTS_EXCHANGE, newTraceparent, type EventEnvelope } from "../src/events/event-envelope";
import { recordEvent } from "../src/events/record-event";
import type { EncodedEvent } from "../src/events/event-bus";
import { MESSAGING_MIGRATIONS } from "../src/events/messaging-migrations";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const quietLogger = pino({ level: process.env.EMPORIUM_TEST_LOG_LEVEL ?? "silent" });

export const TestEvent = StringValueSchema;

export interface MessagingDatabase {
  databaseUrl: string;
  pool: Pool;
  drop(): Promise<void>;
}

const EFFECTS = {
  version: "0900_test_effects",
  sql: "CREATE TABLE effects (message_id text NOT NULL, consumer text NOT NULL, value text NOT NULL);",
};

/** A fresh database on the run's test PostgreSQL, or on the server of `adminUrl` (e.g. one a spec stops). */
export async function messagingDatabase(
  adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL as string,
): Promise<MessagingDatabase> {
  const emptyDir = mkdtempSync(path.join(os.tmpdir(), "no-migrations-"));
  await ensureTemplateDatabase(adminUrl, {
    service: "platform_messaging",
    // A test server shared by several checkouts rebuilds the template when the migrations differ.
    version: createHash("sha256")
      .update(JSON.stringify([...MESSAGING_MIGRATIONS, EFFECTS]))
      .digest("hex")
      .slice(0, 16),
    migrate: (url: string) =>
      migrate(url, emptyDir, undefined, [...MESSAGING_MIGRATIONS, EFFECTS]).then(() => undefined),
  });
  const db = await createTestDatabase(adminUrl, { service: "platform_messaging" });
  const pool = createPool(db.databaseUrl, { logger: quietLogger, statementTimeoutMs: 30_000, max: 20 });
  return {
    databaseUrl: db.databaseUrl,
    pool,
    async drop() {
      await pool.end();
      await db.drop();
    },
  };
}

/** A test event as the relay would send it. */
export function testEvent(value: string, overrides: Partial<EventEnvelope> = {}): EncodedEvent {
  return {
    envelope: {
      id: uuidv7(),
      type: TestEvent.typeName,
      source: "/emporium/test",
      aggregateId: `agg-${value}`,
      aggregateVersion: 1n,
      occurredAt: new Date(),
      traceparent: newTraceparent(),
      ...overrides,
    },
    payload: toBinary(TestEvent, create(TestEvent, { value })),
  };
}

/** Polls until `check` returns true (no fixed sleeps in tests; the jest timeout bounds it). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 50_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function count(pool: Pool, sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(sql, values);
  return Number(rows[0]?.n ?? 0);
}

/**
 * A classic exclusive queue bound to the events exchange for the test event type: records the
 * message id of everything published, duplicates included (no inbox here, on purpose).
 */
export async function probe(
  connection: BrokerConnection,
): Promise<{ ids: string[]; distinct(): Set<string>; close(): Promise<void> }> {
  const ids: string[] = [];
  const consumer = connection.createConsumer(
    {
      queue: "",
      queueOptions: { exclusive: true, autoDelete: true },
      exchanges: [{ exchange: EVENTS_EXCHANGE, type: "topic", durable: true }],
      queueBindings: [{ exchange: EVENTS_EXCHANGE, routingKey: TestEvent.typeName }],
      qos: { prefetchCount: 500 },
    },
    async (msg) => {
      ids.push(msg.messageId as string);
    },
  );
  await new Promise<void>((resolve) => consumer.once("ready", () => resolve()));
  return { ids, distinct: () => new Set(ids), close: () => consumer.close() };
}

/** Records `n` test events in one transaction; rolls it back instead when `rollback` is set. */
export async function recordInTransaction(
  pool: Pool,
  values: string[],
  options: { rollback?: boolean; delayBeforeCommitMs?: number } = {},
): Promise<string[]> {
  const client = await pool.connect();
  const ids: string[] = [];
  try {
    await client.query("BEGIN");
    for (const value of values)
      ids.push(
        await recordEvent(client, "test", {
          schema: TestEvent,
          payload: { value },
          aggregateId: `agg-${value}`,
          aggregateVersion: 1,
        }),
      );
    if (options.delayBeforeCommitMs) await new Promise((r) => setTimeout(r, options.delayBeforeCommitMs));
    await client.query(options.rollback ? "ROLLBACK" : "COMMIT");
  } finally {
    client.release();
  }
  return ids;
}

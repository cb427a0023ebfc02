import path from "node:path";
import { randomUUID } from "node:crypto";
import { Registry } from "prom-client";
import { createTestVhost, loadBrokenVariant, type TestVhost } from "@emporium/testing";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { RabbitEventBus } from "./event-bus";
import * as eventConsumerModule from "./event-consumer";
import { DAY_MS, purgeInbox } from "./inbox-purge";
import { count, eventually, messagingDatabase, quietLogger, TestEvent, testEvent } from "../../test/messaging-fixtures";
import type { MessagingDatabase } from "../../test/messaging-fixtures";

/**
 * Inbox retention against real PostgreSQL (and a real broker, a vhost of this file's own, for the
 * consumer that purges): rows past the retention go, younger rows stay and still absorb duplicates.
 */
describe("inbox retention", () => {
  let db: MessagingDatabase;
  let vhost: TestVhost;
  let connection: BrokerConnection;
  let bus: RabbitEventBus;

  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("platform");
    connection = connectToBroker(vhost.url, { name: "inbox-purge-spec", logger: quietLogger });
    bus = new RabbitEventBus(connection);
  });
  afterAll(async () => {
    await bus?.close();
    await connection?.close();
    await vhost?.drop();
    await db?.drop();
  });

  /** Inbox rows for `consumer`, processed `ageMs` ago. */
  async function processedAgo(consumer: string, ageMs: number, messageIds: string[]) {
    const insert = `INSERT INTO inbox (consumer, message_id, event_type, processed_at)
                    VALUES ($1, $2, $3, now() - make_interval(secs => $4))`;
    for (const id of messageIds) await db.pool.query(insert, [consumer, id, TestEvent.typeName, ageMs / 1000]);
  }
  const inboxIds = async (consumer: string) => {
    const sql = "SELECT message_id FROM inbox WHERE consumer = $1 ORDER BY message_id";
    return (await db.pool.query<{ message_id: string }>(sql, [consumer])).rows.map((r) => r.message_id);
  };
  const recordEffect = "INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, $3)";

  it("deletes a consumer's rows past the retention batch by batch; younger and other consumers' rows stay", async () => {
    const [mine, theirs] = [`purge-${randomUUID().slice(0, 8)}`, `other-${randomUUID().slice(0, 8)}`];
    await processedAgo(mine, 10 * DAY_MS, ["old-1", "old-2", "old-3", "old-4", "old-5"]);
    await processedAgo(mine, 3600_000, ["recent-1", "recent-2"]);
    await processedAgo(theirs, 10 * DAY_MS, ["old-1", "old-2"]);

    // Five rows in batches of two: three statements, all of them purged.
    expect(await purgeInbox({ pool: db.pool, consumer: mine, retentionMs: DAY_MS, batchSize: 2 })).toBe(5);
    expect(await inboxIds(mine)).toEqual(["recent-1", "recent-2"]);
    expect(await inboxIds(theirs)).toEqual(["old-1", "old-2"]);
  });

  /**
   * A consumer with a one-day retention, started over an inbox holding a row ten days old and one
   * an hour old: the old one is purged; the young one still absorbs a redelivery of its message.
   */
  async function expectConsumerPurgesItsInbox(module: typeof eventConsumerModule) {
    const name = `retention-${randomUUID().slice(0, 8)}`;
    const young = testEvent("young");
    await processedAgo(name, 10 * DAY_MS, ["ten-days-old"]);
    await processedAgo(name, 3600_000, [young.envelope.id]);
    await db.pool.query(recordEffect, [young.envelope.id, name, "young"]);
    const registry = new Registry();
    const consumer = await module.startEventConsumer({
      consumer: name,
      connection,
      pool: db.pool,
      logger: quietLogger,
      registry,
      inboxRetentionMs: DAY_MS,
      subscriptions: [
        module.subscribe(TestEvent, async (event, { tx, envelope }) => {
          await tx.query(recordEffect, [envelope.id, name, event.value]);
        }),
      ],
    });
    try {
      await bus.publish(young); // delivered again, e.g. after a lost ack
      const duplicates = async () => {
        const outcomes = await registry.getSingleMetric("events_consumed_total")?.get();
        return outcomes?.values.find((v) => v.labels.outcome === "duplicate")?.value ?? 0;
      };
      await eventually(async () => (await duplicates()) === 1, "the redelivery recognised as a duplicate");
    } finally {
      // close() waits for a purge pass in progress: the one started with the consumer has finished.
      await consumer.close();
    }
    const effectsOfYoung = "SELECT count(*)::int AS n FROM effects WHERE message_id = $1";
    expect(await count(db.pool, effectsOfYoung, [young.envelope.id])).toBe(1);
    expect(await inboxIds(name)).toEqual([young.envelope.id]);
  }

  it("a running consumer purges its inbox past the retention; a younger row still absorbs a redelivery", async () => {
    await expectConsumerPurgesItsInbox(eventConsumerModule);
  });

  it("detects a consumer that never purges its inbox (the old row stays)", async () => {
    const withoutPurge = loadBrokenVariant<typeof eventConsumerModule>(path.join(__dirname, "event-consumer.ts"), {
      find: "  const inboxPurge = scheduleInboxPurge({",
      replace: "  const inboxPurge = { stop: async () => undefined }; // never scheduled\n  void ({",
    });
    await expect(expectConsumerPurgesItsInbox(withoutPurge)).rejects.toThrow(/ten-days-old/);
  });
});

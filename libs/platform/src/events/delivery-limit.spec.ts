import path from "node:path";
import { randomUUID } from "node:crypto";
import {
  createTestVhost,
  REPO_ROOT,
  startTsProcess,
  writeBrokenVariant,
  type RunningProcess,
  type TestVhost,
  type VariantFile,
} from "@emporium/testing";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { inspectDeadLetters } from "./dead-letters";
import { RabbitEventBus } from "./event-bus";
import { deadLetterQueueName } from "./topology";
import { count, eventually, messagingDatabase, quietLogger, testEvent } from "../../test/messaging-fixtures";
import type { MessagingDatabase } from "../../test/messaging-fixtures";

const FIXTURE = "libs/platform/test/crashing-consumer-process.ts";
const DELIVERY_LIMIT = 2;
/** The broker returns the message DELIVERY_LIMIT times, so the process dies once more than that. */
const CRASHES_ALLOWED = DELIVERY_LIMIT + 1;

/**
 * A handler that crashes its process (SIGKILL, not a thrown error) on one message: the consumer
 * runs in a child process that the test restarts each time it dies, as a supervisor would. The
 * quorum queue's delivery limit must end the crash loop by dead-lettering that message, and the
 * consumer must then process everything else exactly once. Real RabbitMQ (a vhost of this file's
 * own, a fresh queue per run: quorum queue arguments cannot change) and real PostgreSQL.
 */
describe("delivery limit of a consumer whose handler crashes the process", () => {
  let db: MessagingDatabase;
  let vhost: TestVhost;
  let connection: BrokerConnection;
  let bus: RabbitEventBus;
  const children: RunningProcess[] = [];
  const variants: VariantFile[] = [];

  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("platform");
    connection = connectToBroker(vhost.url, { name: "delivery-limit-spec", logger: quietLogger });
    bus = new RabbitEventBus(connection);
  });
  afterAll(async () => {
    for (const child of children) await child.stop(1_000);
    for (const variant of variants) variant.remove();
    await bus?.close();
    await connection?.close();
    await vhost?.drop();
    await db?.drop();
  });

  const dlqDepth = async (name: string) =>
    (await connection.queueDeclare({ queue: deadLetterQueueName(name), passive: true })).messageCount;
  const messageIds = async (table: "effects" | "inbox", name: string) => {
    const { rows } = await db.pool.query<{ message_id: string }>(
      `SELECT message_id FROM ${table} WHERE consumer = $1`,
      [name],
    );
    return rows.map((r) => r.message_id).sort();
  };

  /**
   * Starts the consumer (from `consumerModule`), publishes three events, the poison and three more
   * once it is ready, and restarts it each time it dies, until everything but the poison has its
   * effect and one message is dead-lettered — or until it died more than the limit allows plus one.
   */
  async function superviseCrashLoop(consumerModule: string, name: string, events: ReturnType<typeof testEvent>[]) {
    let crashes = 0;
    let published = false;
    const others = events.filter((e) => e.envelope.aggregateId !== "agg-poison");
    const settled = async () =>
      (await messageIds("effects", name)).length >= others.length && (await dlqDepth(name)) === 1;
    while (crashes <= CRASHES_ALLOWED) {
      const child = startTsProcess(FIXTURE, {
        CONSUMER_MODULE: consumerModule,
        CONSUMER_NAME: name,
        CONSUMER_DATABASE_URL: db.databaseUrl,
        CONSUMER_AMQP_URL: vhost.url,
        CONSUMER_DELIVERY_LIMIT: String(DELIVERY_LIMIT),
      });
      children.push(child);
      let died = false;
      void child.exited.then(() => (died = true));
      if (!published) {
        // The consumer declares its queue: publish only once it exists.
        await eventually(() => died || child.output().includes("READY"), "the consumer is consuming");
        if (died) throw new Error(`the consumer died before it was ready:\n${child.output()}`);
        for (const event of events) await bus.publish(event);
        published = true;
      }
      await eventually(async () => died || (await settled()), "the consumer died or settled");
      if (!died) {
        await child.stop(5_000);
        return { crashes, settled: true };
      }
      if (!child.output().includes("POISON")) {
        throw new Error(`the consumer died, but not on the poison:\n${child.output()}`);
      }
      crashes++;
    }
    return { crashes, settled: false };
  }

  async function expectPoisonDeadLetteredWithinLimit(consumerModule: string) {
    const name = `crash-${randomUUID().slice(0, 8)}`;
    const events = ["a", "b", "c", "poison", "d", "e", "f"].map((value) => testEvent(value));
    const poison = events[3]!;
    const others = events.filter((e) => e !== poison).map((e) => e.envelope.id);

    const run = await superviseCrashLoop(consumerModule, name, events);
    expect(run).toEqual({ crashes: CRASHES_ALLOWED, settled: true });

    const letters = await inspectDeadLetters(connection, name);
    // When the broker dead-lettered it (to the second), so operators can tell its age.
    const deadLetteredAt = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(letters).toEqual([
      expect.objectContaining({
        messageId: poison.envelope.id,
        reason: "delivery-limit",
        originalQueue: name,
        deadLetteredAt,
      }),
    ]);
    // Every other message has its effect and its inbox row exactly once; the poison has neither.
    expect(await messageIds("effects", name)).toEqual([...others].sort());
    expect(await messageIds("inbox", name)).toEqual([...others].sort());
    const poisonEffects = "SELECT count(*)::int AS n FROM effects WHERE message_id = $1";
    expect(await count(db.pool, poisonEffects, [poison.envelope.id])).toBe(0);
  }

  it("dead-letters a message that crashes the process after the delivery limit, then processes the others once", async () => {
    await expectPoisonDeadLetteredWithinLimit(path.join(REPO_ROOT, "libs/platform/src/events/event-consumer.ts"));
  }, 120_000);

  it("detects a consumer queue declared without a delivery limit (the poison keeps coming back)", async () => {
    const eventsDir = path.join(REPO_ROOT, "libs/platform/src/events");
    const noLimit = { find: `"x-delivery-limit": options.deliveryLimit,`, replace: "" };
    const topology = writeBrokenVariant(path.join(eventsDir, "topology.ts"), noLimit);
    variants.push(topology);
    // The consumer imports the broken topology instead of the real one.
    const importIt = { find: `from "./topology";`, replace: `from "./${path.basename(topology.path, ".ts")}";` };
    const consumer = writeBrokenVariant(path.join(eventsDir, "event-consumer.ts"), importIt);
    variants.push(consumer);
    await expect(expectPoisonDeadLetteredWithinLimit(consumer.path)).rejects.toThrow(/crashes/);
  }, 120_000);
});

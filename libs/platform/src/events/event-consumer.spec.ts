import { createTestVhost, type TestVhost } from "@emporium/testing";
import { create, toBinary } from "@bufbuild/protobuf";
import { randomUUID } from "node:crypto";
import { Registry } from "prom-client";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { inspectDeadLetters, replayDeadLetters } from "./dead-letters";
import { RabbitEventBus } from "./event-bus";
import { PermanentEventError, startEventConsumer, subscribe, type EventConsumer } from "./event-consumer";
import { EVENTS_EXCHANGE } from "./event-envelope";
import {
  count,
  eventually,
  messagingDatabase,
  quietLogger,
  TestEvent,
  testEvent,
  type MessagingDatabase,
} from "../../test/messaging-fixtures";
import { deadLetterQueueName } from "./topology";

/** Real RabbitMQ (a vhost of this file's own) and real PostgreSQL. */
describe("idempotent event consumer", () => {
  let db: MessagingDatabase;
  let connection: BrokerConnection;
  let vhost: TestVhost;
  let bus: RabbitEventBus;
  const running: EventConsumer[] = [];
  const registries = new Map<string, Registry>();

  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("platform");
    connection = connectToBroker(vhost.url, { name: "consumer-spec", logger: quietLogger });
    bus = new RabbitEventBus(connection);
  });
  afterEach(async () => {
    for (const c of running.splice(0)) await c.close();
  });
  afterAll(async () => {
    await bus.close();
    await connection.close();
    await vhost.drop();
    await db.drop();
  });

  /** A consumer whose effect is one `effects` row per processed message. */
  async function consumer(
    name: string,
    behave: (value: string, attempt: number) => Promise<void> | void = () => undefined,
    extra: { maxAttempts?: number } = {},
  ) {
    const registry = new Registry();
    registries.set(name, registry);
    const started = await startEventConsumer({
      consumer: name,
      connection,
      registry,
      pool: db.pool,
      logger: quietLogger,
      retryDelaysMs: [20, 50],
      maxAttempts: extra.maxAttempts ?? 3,
      subscriptions: [
        subscribe(TestEvent, async (event, { tx, envelope, attempt }) => {
          await behave(event.value, attempt);
          await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, $3)", [
            envelope.id,
            name,
            event.value,
          ]);
        }),
      ],
    });
    running.push(started);
    return started;
  }

  const effects = (name: string) =>
    count(db.pool, "SELECT count(*)::int AS n FROM effects WHERE consumer = $1", [name]);
  const distinctEffects = (name: string) =>
    count(db.pool, "SELECT count(DISTINCT message_id)::int AS n FROM effects WHERE consumer = $1", [name]);
  /** Messages the consumer has finished with this outcome ("processed", "duplicate", …): acked. */
  const handled = async (name: string, outcome: string) => {
    const metric = registries.get(name)?.getSingleMetric("events_consumed_total");
    return (await metric?.get())?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  };
  const queue = (name: string) => connection.queueDeclare({ queue: name, passive: true });
  const dlqDepth = async (name: string) =>
    (await connection.queueDeclare({ queue: deadLetterQueueName(name), passive: true })).messageCount;

  it("applies every event once even when every event is delivered twice", async () => {
    const name = `twice-${randomUUID().slice(0, 8)}`;
    await consumer(name);
    const events = Array.from({ length: 200 }, (_, i) => testEvent(`v${i}`));
    for (const e of events) {
      await bus.publish(e);
      await bus.publish(e);
    }
    await eventually(
      async () => (await count(db.pool, "SELECT count(*)::int AS n FROM inbox WHERE consumer = $1", [name])) === 200,
      "200 inbox rows",
    );
    // Wait until the duplicates were recognised too, then compare with a run without duplicates.
    await eventually(async () => (await handled(name, "duplicate")) === 200, "200 duplicates absorbed");
    const { rows } = await db.pool.query<{ value: string }>(
      "SELECT value FROM effects WHERE consumer = $1 ORDER BY value",
      [name],
    );
    expect(rows.map((r) => r.value)).toEqual(events.map((e, i) => `v${i}`).sort());
  });

  it("dead-letters a message that always fails after the configured attempts, processes the other 999, and a replay after the fix applies it once", async () => {
    const name = `poison-${randomUUID().slice(0, 8)}`;
    let fixed = false;
    const tries: number[] = [];
    await consumer(name, (value, attempt) => {
      if (value === "poison" && !fixed) {
        tries.push(attempt);
        throw new Error("downstream says no");
      }
    });
    const events = Array.from({ length: 1000 }, (_, i) => testEvent(i === 500 ? "poison" : `ok${i}`));
    await Promise.all(events.map((e) => bus.publish(e)));
    await eventually(
      async () => (await effects(name)) === 999 && (await dlqDepth(name)) === 1,
      "999 effects and one dead letter",
    );
    expect(tries).toEqual([1, 2, 3]);

    const [letter] = await inspectDeadLetters(connection, name);
    expect(letter).toMatchObject({
      messageId: events[500]!.envelope.id,
      type: TestEvent.typeName,
      reason: "exhausted",
      error: "downstream says no",
      attempts: 3,
      originalQueue: name,
    });
    // Inspecting does not remove (returned messages are counted again once the queue has them back).
    await eventually(async () => (await dlqDepth(name)) === 1, "the dead letter is still there after inspection");

    fixed = true;
    const replayed = await replayDeadLetters(connection, name);
    expect(replayed.map((r) => r.messageId)).toEqual([events[500]!.envelope.id]);
    await eventually(async () => (await effects(name)) === 1000, "the replayed message processed");
    expect(await distinctEffects(name)).toBe(1000);
    expect(await dlqDepth(name)).toBe(0);
    // Replaying the same message again (e.g. an operator's second try) changes nothing.
    const duplicatesBefore = await handled(name, "duplicate");
    await bus.publish(events[500]!);
    const absorbed = async () => (await handled(name, "duplicate")) === duplicatesBefore + 1;
    await eventually(absorbed, "the second replay absorbed");
    expect(await effects(name)).toBe(1000);
  });

  it("sends an undecodable message, one without attributes and one the handler rejects to the dead-letter queue at once", async () => {
    const name = `bad-${randomUUID().slice(0, 8)}`;
    const tries: string[] = [];
    await consumer(name, (value) => {
      tries.push(value);
      if (value === "invalid") throw new PermanentEventError("value is not acceptable");
    });
    const garbage = testEvent("x");
    await bus.publish({
      ...garbage,
      payload: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    });
    const publisher = connection.createPublisher({ confirm: true });
    await publisher.send(
      {
        exchange: EVENTS_EXCHANGE,
        routingKey: TestEvent.typeName,
        durable: true,
        messageId: randomUUID(),
        type: TestEvent.typeName,
      },
      Buffer.from(toBinary(TestEvent, create(TestEvent, { value: "no attributes" }))),
    );
    await publisher.close();
    const rejected = testEvent("invalid");
    await bus.publish(rejected);
    await eventually(async () => (await dlqDepth(name)) === 3, "three dead letters");
    const letters = await inspectDeadLetters(connection, name);
    expect(letters.map((l) => l.reason).sort()).toEqual(["rejected", "undecodable", "undecodable"]);
    expect(letters.find((l) => l.reason === "rejected")).toMatchObject({
      messageId: rejected.envelope.id,
      attempts: 1,
      error: "value is not acceptable",
    });
    expect(tries).toEqual(["invalid"]); // the undecodable ones never reached the handler, the rejected one ran once
    expect(await effects(name)).toBe(0);
  });

  it("retries a transient failure with backoff and applies the effect once", async () => {
    const name = `flaky-${randomUUID().slice(0, 8)}`;
    const tries: number[] = [];
    await consumer(name, (_value, attempt) => {
      tries.push(attempt);
      if (attempt < 3) throw new Error("database blinked");
    });
    await bus.publish(testEvent("flaky"));
    await eventually(async () => (await effects(name)) === 1, "effect applied");
    expect(tries).toEqual([1, 2, 3]);
    expect(await dlqDepth(name)).toBe(0);
  });

  it("on close, stops taking messages but lets the handler in flight finish and ack it", async () => {
    const name = `shutdown-${randomUUID().slice(0, 8)}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const c = await consumer(name, async () => {
      started++;
      await gate;
    });
    running.splice(running.indexOf(c), 1);
    await bus.publish(testEvent("in-flight"));
    await eventually(() => started === 1, "the handler is running");
    let closed = false;
    const closing = c.close().then(() => (closed = true));
    let markers = 0;
    try {
      // Close cancels the consumer first: once a message published now stays in the queue, the broker
      // delivers no more, and close is still waiting for the handler. (Markers that reached the
      // consumer before the cancel are returned unprocessed when its channel closes.)
      await eventually(async () => {
        markers++;
        await bus.publish(testEvent(`marker-${markers}`));
        return (await queue(name)).messageCount > 0;
      }, "a message published after close stays in the queue");
      expect(closed).toBe(false); // waits for the handler
    } finally {
      release();
    }
    await closing;
    expect(await effects(name)).toBe(1);
    // Acked, not returned: once the channel is closed, only the markers wait in the queue.
    await eventually(async () => (await queue(name)).messageCount >= markers, "the markers back in the queue");
    expect((await queue(name)).messageCount).toBe(markers);
    expect(started).toBe(1); // neither a marker nor anything else reached the handler
    await bus.publish(testEvent("after-close"));
    // Confirmed and waiting in the queue, with no consumer left to take it.
    const waiting = async () => (await queue(name)).messageCount === markers + 1;
    await eventually(waiting, "the new message waits in the queue");
    expect(started).toBe(1); // a closed consumer takes nothing new
  });
});

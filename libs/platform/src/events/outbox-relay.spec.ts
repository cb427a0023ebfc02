import { createTestVhost, type TestVhost } from "@emporium/testing";
import { fromBinary } from "@bufbuild/protobuf";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { RabbitEventBus, type EncodedEvent, type EventBus } from "./event-bus";
import { OutboxRelay } from "./outbox-relay";
import { eventsExchange } from "./topology";
import { count, eventually, messagingDatabase, probe, quietLogger, recordInTransaction, TestEvent, type MessagingDatabase } from "../../test/messaging-fixtures";

describe("outbox relay", () => {
  let db: MessagingDatabase;
  let connection: BrokerConnection;
  let vhost: TestVhost;
  let bus: RabbitEventBus;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("platform");
    connection = connectToBroker(vhost.url, { name: "relay-spec", logger: quietLogger });
    bus = new RabbitEventBus(connection);
  });
  beforeEach(() => db.pool.query("TRUNCATE outbox"));
  afterEach(async () => {
    for (const r of relays.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await bus.close();
    await connection.close();
    await vhost.drop();
    await db.drop();
  });

  const relay = (options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) => {
    const r = new OutboxRelay({ pool: db.pool, bus, logger: quietLogger, pollIntervalMs: 20, backoff: { minMs: 20, maxMs: 200 }, ...options });
    relays.push(r);
    r.start();
    return r;
  };
  const unpublished = () => count(db.pool, "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL");

  it("publishes the event with its envelope: routing key = type, CloudEvents attributes, traceparent, aggregate id and version", async () => {
    const received: Array<{ routingKey: string; messageId?: string; type?: string; contentType?: string; headers?: Record<string, unknown>; body: unknown }> = [];
    const consumer = connection.createConsumer({ queue: "", queueOptions: { exclusive: true }, exchanges: [eventsExchange()], queueBindings: [{ exchange: "emporium.events", routingKey: TestEvent.typeName }] }, async (msg) => void received.push(msg));
    await new Promise((r) => consumer.once("ready", r));
    const [id] = await recordInTransaction(db.pool, ["hello"]);
    relay();
    await eventually(() => received.length === 1, "one message");
    await consumer.close();
    const msg = received[0]!;
    expect(msg).toMatchObject({ routingKey: "google.protobuf.StringValue", messageId: id, type: "google.protobuf.StringValue", contentType: "application/protobuf" });
    expect(msg.headers).toMatchObject({
      "cloudEvents:specversion": "1.0",
      "cloudEvents:id": id,
      "cloudEvents:source": "/emporium/test",
      "cloudEvents:type": "google.protobuf.StringValue",
      "cloudEvents:subject": "agg-hello",
      "emporium-aggregate-id": "agg-hello",
      "emporium-aggregate-version": "1",
    });
    expect(String(msg.headers?.traceparent)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(fromBinary(TestEvent, msg.body as Buffer).value).toBe("hello");
    expect(await unpublished()).toBe(0);
  });

  it("publishes all 50 of 50 transactions that commit out of order, and nothing of rolled-back ones", async () => {
    const seen = await probe(connection);
    relay();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => recordInTransaction(db.pool, [`ooo-${i}`], { rollback: i >= 50, delayBeforeCommitMs: Math.floor(Math.random() * 300) })),
    );
    const committed = results.slice(0, 50).flat();
    const rolledBack = results.slice(50).flat();
    await eventually(() => committed.every((id) => seen.distinct().has(id)), "all 50 committed events published");
    await eventually(async () => (await unpublished()) === 0, "outbox drained");
    expect(rolledBack.some((id) => seen.distinct().has(id))).toBe(false);
    expect(seen.distinct().size).toBe(50);
    await seen.close();
  });

  it("runs safely as several instances: each event is published once, no row left behind", async () => {
    const seen = await probe(connection);
    const ids = (await Promise.all(Array.from({ length: 20 }, (_, t) => recordInTransaction(db.pool, Array.from({ length: 50 }, (_, i) => `multi-${t}-${i}`))))).flat();
    relay({ batchSize: 25 });
    relay({ batchSize: 25 });
    relay({ batchSize: 25 });
    await eventually(async () => (await unpublished()) === 0 && seen.ids.length >= ids.length, "1000 events published");
    await new Promise((r) => setTimeout(r, 200)); // let any stray second copy arrive before counting
    expect(seen.ids.length).toBe(1000);
    expect(seen.distinct()).toEqual(new Set(ids));
    await seen.close();
  });

  it("keeps events whose publish was not confirmed and publishes them once the broker answers again", async () => {
    let failing = true;
    const flakyBus: EventBus = {
      publish: (event: EncodedEvent) => (failing ? Promise.reject(new Error("broker unreachable")) : bus.publish(event)),
      close: async () => undefined,
    };
    const seen = await probe(connection);
    const ids = await recordInTransaction(db.pool, ["a", "b", "c"]);
    const r = relay({ bus: flakyBus });
    await eventually(() => r.status.brokerAvailable === false, "relay notices the broker is away");
    expect(await unpublished()).toBe(3);
    expect(await count(db.pool, "SELECT min(publish_attempts)::int AS n FROM outbox")).toBeGreaterThan(0);
    failing = false;
    await eventually(async () => (await unpublished()) === 0, "published after recovery");
    expect(r.status.brokerAvailable).toBe(true);
    await eventually(() => ids.every((id) => seen.distinct().has(id)), "all three received");
    await seen.close();
  });
});

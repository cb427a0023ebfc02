import { Registry } from "prom-client";
import { startFaultProxy, startTestRabbitmq, startTsProcess, type TestRabbitmq } from "@emporium/testing";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { RabbitEventBus } from "./event-bus";
import { startEventConsumer, subscribe, type EventConsumer } from "./event-consumer";
import { OutboxRelay } from "./outbox-relay";
import {
  count,
  eventually,
  messagingDatabase,
  probe,
  quietLogger,
  recordInTransaction,
  TestEvent,
  testEvent,
  type MessagingDatabase,
} from "../../test/messaging-fixtures";

/**
 * Faults on a throwaway broker of this file's own (never the shared one): the broker stops and
 * restarts, a relay dies between publish and mark-published, a consumer's connection is cut.
 * Every effect goes through the inbox into `effects`, which has no unique key: a duplicate that got
 * through would show up as an extra row.
 */
describe("messaging under faults", () => {
  let broker: TestRabbitmq;
  let db: MessagingDatabase;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    broker = await startTestRabbitmq();
  }, 120_000);
  beforeEach(async () => {
    db = await messagingDatabase();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await db.drop();
  });
  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  const connect = (name: string, url = broker.url) => {
    const connection = connectToBroker(url, { name, logger: quietLogger });
    cleanups.push(() => connection.close());
    return connection;
  };
  async function idempotentConsumer(
    name: string,
    connection: BrokerConnection,
    onEvent: (value: string) => Promise<void> | void = () => undefined,
    registry?: Registry,
  ): Promise<EventConsumer> {
    const consumer = await startEventConsumer({
      registry,
      consumer: name,
      connection,
      pool: db.pool,
      logger: quietLogger,
      concurrency: 16,
      retryDelaysMs: [50],
      subscriptions: [
        subscribe(TestEvent, async (event, { tx, envelope }) => {
          await onEvent(event.value);
          await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, $3)", [
            envelope.id,
            name,
            event.value,
          ]);
        }),
      ],
    });
    cleanups.push(() => consumer.close());
    return consumer;
  }
  const effectIds = async (name: string) =>
    (
      await db.pool.query<{ message_id: string }>("SELECT message_id FROM effects WHERE consumer = $1", [name])
    ).rows.map((r) => r.message_id);

  /**
   * Committed events of the broker-restart case, in transactions of 100: 3 000 in `npm test`, which
   * is plenty to put the outage mid-run; EMPORIUM_FAULT_SPEC_EVENTS=10000 for the full-size run.
   */
  const EVENTS = Number(process.env.EMPORIUM_FAULT_SPEC_EVENTS ?? 3_000);
  const TRANSACTIONS = Math.ceil(EVENTS / 100);

  it(`delivers every one of ${EVENTS} committed events while the broker is stopped and restarted mid-run, and none of a rolled-back transaction`, async () => {
    const consumerConnection = connect("restart-consumer");
    await idempotentConsumer("restart", consumerConnection);
    const relayConnection = connect("restart-relay");
    const bus = new RabbitEventBus(relayConnection);
    const relay = new OutboxRelay({
      pool: db.pool,
      bus,
      logger: quietLogger,
      batchSize: 250,
      pollIntervalMs: 20,
      backoff: { minMs: 50, maxMs: 1_000 },
    });
    relay.start();
    cleanups.push(
      () => bus.close(),
      () => relay.stop(),
    );

    const committed: string[] = [];
    const rolledBack: string[] = [];
    let outage: Promise<void> | undefined;
    for (let t = 0; t < TRANSACTIONS; t++) {
      committed.push(
        ...(await recordInTransaction(
          db.pool,
          Array.from({ length: 100 }, (_, i) => `r${t}-${i}`),
        )),
      );
      if (t % 10 === 5)
        rolledBack.push(
          ...(await recordInTransaction(db.pool, [`rollback-${t}-a`, `rollback-${t}-b`], { rollback: true })),
        );
      // A third of the way in, the broker goes away while events keep being committed.
      if (t === Math.floor(TRANSACTIONS / 3))
        outage = (async () => {
          await broker.stopServer();
          await eventually(() => relay.status.brokerAvailable === false, "the relay notices the outage");
          await broker.startServer();
        })();
    }
    await outage;
    expect(committed).toHaveLength(TRANSACTIONS * 100);
    await eventually(
      async () => (await count(db.pool, "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL")) === 0,
      "outbox drained",
      170_000,
    );
    await eventually(
      async () => (await effectIds("restart")).length >= committed.length,
      "every committed event consumed",
      170_000,
    );
    const ids = await effectIds("restart");
    expect(new Set(ids)).toEqual(new Set(committed));
    expect(ids).toHaveLength(committed.length); // at least once on the wire, exactly once in effect
    expect(rolledBack.filter((id) => ids.includes(id))).toEqual([]);
    expect(await count(db.pool, "SELECT count(*)::int AS n FROM outbox")).toBe(committed.length);
  }, 240_000);

  it("loses nothing when the relay is killed (SIGKILL) between publish and mark-published, and the consumer absorbs the duplicates", async () => {
    const connection = connect("crash-consumer");
    const seen = await probe(connection);
    cleanups.push(() => seen.close());
    await idempotentConsumer("crash", connection);
    const ids = (
      await Promise.all(
        Array.from({ length: 5 }, (_, t) =>
          recordInTransaction(
            db.pool,
            Array.from({ length: 100 }, (_, i) => `k${t}-${i}`),
          ),
        ),
      )
    ).flat();

    const doomed = startTsProcess("libs/platform/test/relay-process.ts", {
      RELAY_DATABASE_URL: db.databaseUrl,
      RELAY_AMQP_URL: broker.url,
      RELAY_BATCH_SIZE: "200",
    });
    cleanups.push(() => doomed.stop(1_000));
    await eventually(() => doomed.output().includes("PUBLISHED 200"), "the doomed relay published a batch");
    await eventually(() => seen.ids.length >= 200, "the batch reached the broker");
    doomed.child.kill("SIGKILL");
    expect(await doomed.exited).toBe("SIGKILL");
    // Its transaction died with it: nothing is marked published.
    await eventually(
      async () => (await count(db.pool, "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL")) === 500,
      "all 500 rows still unpublished",
    );

    const bus = new RabbitEventBus(connect("crash-relay"));
    const relay = new OutboxRelay({ pool: db.pool, bus, logger: quietLogger, pollIntervalMs: 20 });
    relay.start();
    cleanups.push(
      () => bus.close(),
      () => relay.stop(),
    );
    await eventually(
      async () => (await effectIds("crash")).length >= 500 && seen.ids.length >= 700,
      "everything published again and consumed",
    );
    expect(seen.distinct()).toEqual(new Set(ids));
    expect(seen.ids.length).toBeGreaterThanOrEqual(700); // the first batch went out twice
    await eventually(async () => (await consumerQueueDepth(connection, "crash")) === 0, "consumer queue drained");
    expect((await effectIds("crash")).sort()).toEqual([...ids].sort());
  }, 120_000);

  it("redelivers unacked messages after the consumer's connection is cut, and applies each effect once", async () => {
    const proxy = await startFaultProxy({ targetPort: broker.amqpPort });
    cleanups.push(() => proxy.close());
    const viaProxy = proxy.urlThrough(broker.url);
    let hold = true;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let inFlight = 0;
    const registry = new Registry();
    await idempotentConsumer(
      "cut",
      connect("cut-consumer", viaProxy),
      async () => {
        if (hold) {
          inFlight++;
          await released; // the transaction stays open, the message unacked, until after the cut
        }
      },
      registry,
    );
    const bus = new RabbitEventBus(connect("cut-publisher"));
    cleanups.push(() => bus.close());
    const events = Array.from({ length: 40 }, (_, i) => testEvent(`cut-${i}`));
    for (const e of events) await bus.publish(e);
    await eventually(() => inFlight === 16, "16 handlers hold unacked messages");

    proxy.cutConnections();
    hold = false;
    release(); // the held transactions commit now, but their acks have nowhere to go
    await eventually(async () => (await effectIds("cut")).length >= 40, "all 40 applied");
    const publisher = connect("cut-depth");
    await eventually(async () => (await consumerQueueDepth(publisher, "cut")) === 0, "queue drained");
    expect((await effectIds("cut")).sort()).toEqual(events.map((e) => e.envelope.id).sort());
    // The held ones really were delivered again, and the inbox recognised them as duplicates.
    const outcomes = (await registry.getSingleMetric("events_consumed_total")!.get()).values;
    expect(outcomes.find((v) => v.labels.outcome === "duplicate")?.value ?? 0).toBeGreaterThanOrEqual(16);
  }, 120_000);
});

async function consumerQueueDepth(connection: BrokerConnection, queue: string): Promise<number> {
  return (await connection.queueDeclare({ queue, passive: true })).messageCount;
}

import { createTestVhost, startTestPostgres, type TestPostgres, type TestVhost } from "@emporium/testing";
import { Registry } from "prom-client";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { inspectDeadLetters } from "./dead-letters";
import { RabbitEventBus } from "./event-bus";
import { startEventConsumer, subscribe, type EventConsumer } from "./event-consumer";
import { OutboxRelay } from "./outbox-relay";
import {
  count,
  eventually,
  messagingDatabase,
  probe,
  recordInTransaction,
  quietLogger,
  TestEvent,
  testEvent,
  type MessagingDatabase,
} from "../../test/messaging-fixtures";

/**
 * A consumer's own database going away is not the message's fault: however long the outage, the
 * message keeps its attempts and is applied once the database is back, never dead-lettered. The
 * outbox relay rides out a restart too, and listens for commits again afterwards.
 * Real RabbitMQ (a vhost of this file's own) and a throwaway PostgreSQL this spec stops.
 */
describe("messaging whose database goes away", () => {
  let server: TestPostgres;
  let db: MessagingDatabase;
  let vhost: TestVhost;
  let connection: BrokerConnection;
  let bus: RabbitEventBus;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    server = await startTestPostgres();
    db = await messagingDatabase(server.adminUrl);
    vhost = await createTestVhost("platform");
    connection = connectToBroker(vhost.url, { name: "consumer-outage-spec", logger: quietLogger });
    bus = new RabbitEventBus(connection);
  }, 60_000);

  afterAll(async () => {
    await consumer?.close();
    await bus?.close();
    await connection?.close();
    await vhost?.drop();
    await db?.drop();
    await server?.stop();
  });

  it("retries a message without spending its attempts while the database is down, then applies it once", async () => {
    const registry = new Registry();
    const retried = async () => {
      const metric = registry.getSingleMetric("events_consumed_total");
      return (await metric?.get())?.values.find((v) => v.labels.outcome === "retried")?.value ?? 0;
    };
    consumer = await startEventConsumer({
      consumer: "outage",
      connection,
      registry,
      pool: db.pool,
      logger: quietLogger,
      retryDelaysMs: [20, 100],
      // One attempt: any failure that counted against the message would dead-letter it at once.
      maxAttempts: 1,
      subscriptions: [
        subscribe(TestEvent, async (event, { tx, envelope }) => {
          await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, $3)", [
            envelope.id,
            "outage",
            event.value,
          ]);
        }),
      ],
    });

    await server.stopServer();
    await bus.publish(testEvent("during-the-outage"));
    await eventually(async () => (await retried()) >= 3, "the message came back several times during the outage");
    await server.startServer();

    await eventually(
      async () => (await count(db.pool, "SELECT count(*)::int AS n FROM effects")) === 1,
      "the message was applied after the database came back",
    );
    expect(await inspectDeadLetters(connection, "outage")).toEqual([]);
    expect(await count(db.pool, "SELECT count(*)::int AS n FROM inbox WHERE consumer = 'outage'")).toBe(1);
  });

  it("keeps the relay alive through a database restart, and a commit after it wakes the relay again", async () => {
    const seen = await probe(connection);
    let attempts = 0;
    const relay = new OutboxRelay({
      pool: db.pool,
      bus,
      logger: quietLogger,
      // Only a commit notification can make it publish in this test.
      pollIntervalMs: 3_600_000,
      backoff: { minMs: 50, maxMs: 500 },
      onAttempt: () => attempts++,
    });
    relay.start();
    try {
      await eventually(() => attempts > 0, "the relay's first batch");
      await server.stopServer();
      await server.startServer();
      const listening = async () =>
        (
          await db.pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND application_name LIKE '%outbox-listener' AND query ILIKE 'LISTEN%'`,
          )
        ).rows[0]?.n === 1;
      await eventually(() => listening().catch(() => false), "the relay listens on the restarted server");
      const [id] = await recordInTransaction(db.pool, ["after-the-restart"]);
      await eventually(() => seen.ids.includes(id as string), "the event is published");
    } finally {
      await relay.stop();
      await seen.close();
    }
  });
});

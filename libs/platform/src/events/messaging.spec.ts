import { createTestVhost, freePort, type TestVhost } from "@emporium/testing";
import { HealthMonitor } from "../health/health-monitor";
import { connectToBroker } from "./broker-connection";
import { Messaging } from "./messaging";
import {
  count,
  eventually,
  messagingDatabase,
  probe,
  quietLogger,
  recordInTransaction,
  type MessagingDatabase,
} from "../../test/messaging-fixtures";

/** What a service gets from `Messaging`: a relay when a broker is configured, and health that tells the truth without lying about readiness. */
describe("service messaging", () => {
  let db: MessagingDatabase;
  let vhost: TestVhost;
  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("messaging");
  });
  afterAll(async () => {
    await vhost.drop();
    await db.drop();
  });

  const healthOf = async (messaging: Messaging) => {
    const health = new HealthMonitor(
      [
        { name: "postgres", critical: true, probe: async () => void (await db.pool.query("SELECT 1")) },
        ...messaging.healthChecks(),
      ],
      { intervalMs: 60_000 },
    );
    await health.start();
    health.stop();
    return { status: health.status(), details: health.details() };
  };

  it("stays ready while the broker is unreachable, shows it in the health details, and keeps the events in the outbox", async () => {
    const messaging = new Messaging({
      service: "test",
      amqpUrl: `amqp://guest:guest@127.0.0.1:${await freePort()}/`,
      pool: db.pool,
      logger: quietLogger,
      relay: { pollIntervalMs: 20, backoff: { minMs: 20, maxMs: 100 } },
    });
    await messaging.start();
    try {
      await recordInTransaction(db.pool, ["buffered"]);
      await eventually(() => messaging.relayStatus?.brokerAvailable === false, "the relay notices", 20_000);
      const { status, details } = await healthOf(messaging);
      expect(status).toBe("SERVING");
      expect(details.rabbitmq).toMatchObject({
        ok: false,
        critical: false,
        error: expect.stringMatching(/not connected to the message broker/),
      });
      expect(await count(db.pool, "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL")).toBe(1);
    } finally {
      await messaging.close();
    }
  });

  it("publishes the outbox through the configured broker and reports it healthy; close() leaves nothing half-done", async () => {
    const connection = connectToBroker(vhost.url, { name: "messaging-spec", logger: quietLogger });
    const seen = await probe(connection);
    const messaging = new Messaging({
      service: "test",
      amqpUrl: vhost.url,
      pool: db.pool,
      logger: quietLogger,
      relay: { pollIntervalMs: 20 },
    });
    await messaging.start();
    const ids = await recordInTransaction(db.pool, ["one", "two"]);
    await eventually(() => ids.every((id) => seen.distinct().has(id)), "both published");
    await eventually(async () => (await healthOf(messaging)).details.rabbitmq?.ok === true, "broker healthy");
    await messaging.close();
    expect(await count(db.pool, "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL")).toBe(0);
    await seen.close();
    await connection.close();
  });

  it("without a broker URL publishes nothing and adds no health check", async () => {
    const messaging = new Messaging({ service: "test", pool: db.pool, logger: quietLogger });
    await messaging.start();
    expect(messaging.enabled).toBe(false);
    expect(messaging.healthChecks()).toEqual([]);
    await messaging.close();
  });

  it("refuses a consumer whose queue name does not start with the service's name", () => {
    const consumer = (name: string) => ({ consumer: name, subscriptions: [] });
    const messaging = (name: string) =>
      new Messaging({ service: "orders", pool: db.pool, logger: quietLogger, consumers: [consumer(name)] });
    expect(() => messaging("payments-events")).toThrow(/queue names start with the service's name/);
    expect(() => messaging("ordersx")).toThrow(/queue names start with the service's name/);
    expect(() => messaging("orders")).not.toThrow();
    expect(() => messaging("orders.payment-replies")).not.toThrow();
  });
});

import path from "node:path";
import { createTestVhost, loadBrokenVariant, startFaultProxy, type TestVhost } from "@emporium/testing";
import { fromBinary } from "@bufbuild/protobuf";
import { Connection } from "rabbitmq-client";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { RabbitEventBus, type EncodedEvent, type EventBus } from "./event-bus";
import { OutboxRelay, type RelayAttempt } from "./outbox-relay";
import { eventsExchange } from "./topology";
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
    const r = new OutboxRelay({
      pool: db.pool,
      bus,
      logger: quietLogger,
      pollIntervalMs: 20,
      backoff: { minMs: 20, maxMs: 200 },
      ...options,
    });
    relays.push(r);
    r.start();
    return r;
  };
  const unpublished = () => count(db.pool, "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL");

  it("publishes the event with its envelope: routing key = type, CloudEvents attributes, traceparent, aggregate id and version", async () => {
    const received: Array<{
      routingKey: string;
      messageId?: string;
      type?: string;
      contentType?: string;
      headers?: Record<string, unknown>;
      body: unknown;
    }> = [];
    const consumer = connection.createConsumer(
      {
        queue: "",
        queueOptions: { exclusive: true },
        exchanges: [eventsExchange()],
        queueBindings: [{ exchange: "emporium.events", routingKey: TestEvent.typeName }],
      },
      async (msg) => void received.push(msg),
    );
    await new Promise((r) => consumer.once("ready", r));
    const [id] = await recordInTransaction(db.pool, ["hello"]);
    relay();
    await eventually(() => received.length === 1, "one message");
    await consumer.close();
    const msg = received[0]!;
    expect(msg).toMatchObject({
      routingKey: "google.protobuf.StringValue",
      messageId: id,
      type: "google.protobuf.StringValue",
      contentType: "application/protobuf",
    });
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
      Array.from({ length: 60 }, (_, i) =>
        recordInTransaction(db.pool, [`ooo-${i}`], {
          rollback: i >= 50,
          delayBeforeCommitMs: Math.floor(Math.random() * 300),
        }),
      ),
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
    const ids = (
      await Promise.all(
        Array.from({ length: 20 }, (_, t) =>
          recordInTransaction(
            db.pool,
            Array.from({ length: 50 }, (_, i) => `multi-${t}-${i}`),
          ),
        ),
      )
    ).flat();
    relay({ batchSize: 25 });
    relay({ batchSize: 25 });
    relay({ batchSize: 25 });
    await eventually(async () => (await unpublished()) === 0 && seen.ids.length >= ids.length, "1000 events published");
    // Stopped relays have nothing in flight; a marker sent after them reaches the probe after any
    // stray second copy they sent, so once it is in, every copy has been counted.
    for (const r of relays.splice(0)) await r.stop();
    const marker = testEvent("marker");
    await bus.publish(marker);
    await eventually(() => seen.ids.includes(marker.envelope.id), "the marker received");
    expect(seen.ids.filter((id) => id !== marker.envelope.id)).toHaveLength(1000);
    expect(seen.distinct()).toEqual(new Set([...ids, marker.envelope.id]));
    await seen.close();
  });

  it("keeps events whose publish was not confirmed and publishes them once the broker answers again", async () => {
    let failing = true;
    const flakyBus: EventBus = {
      publish: (event: EncodedEvent) =>
        failing ? Promise.reject(new Error("broker unreachable")) : bus.publish(event),
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

  /**
   * A relay (of the given class) on a real broker behind a loopback fault proxy that cuts and
   * refuses its connections: every attempt is recorded, and the waits are checked against the
   * injected policy (20 ms doubling to a 160 ms cap, each wait between half the ceiling and it).
   */
  async function expectBackoffDuringOutage(Relay: typeof OutboxRelay) {
    const backoff = { minMs: 20, maxMs: 160 };
    const proxy = await startFaultProxy({ targetPort: Number(new URL(vhost.url).port) });
    // Short client timeouts, so that each attempt against the absent broker fails within 100 ms.
    const url = proxy.urlThrough(vhost.url);
    const viaProxy = new Connection({ url, acquireTimeout: 100, connectionTimeout: 500, retryLow: 20, retryHigh: 100 });
    viaProxy.on("error", () => undefined);
    const relayBus = new RabbitEventBus(viaProxy);
    const seen = await probe(connection);
    const attempts: RelayAttempt[] = [];
    const onAttempt = (a: RelayAttempt) => void attempts.push(a);
    const r = new Relay({ pool: db.pool, bus: relayBus, logger: quietLogger, pollIntervalMs: 20, backoff, onAttempt });
    try {
      const before = await recordInTransaction(db.pool, ["before-1", "before-2"]);
      r.start();
      await eventually(() => before.every((id) => seen.distinct().has(id)), "published while the broker is reachable");

      const outageBegan = attempts.length; // earlier attempts (e.g. while first connecting) do not count
      proxy.refuseNewConnections(true);
      proxy.cutConnections();
      const during = await recordInTransaction(db.pool, ["during-1", "during-2", "during-3"]);
      // Enough failures in a row to reach the cap (20, 40, 80, 160) and stay there for four waits.
      await eventually(
        () => attempts.slice(outageBegan).some((a) => a.failures >= 7),
        "seven failed attempts in a row",
      );
      proxy.refuseNewConnections(false);
      await eventually(async () => (await unpublished()) === 0, "the outbox drained once the broker is back");
      await eventually(() => during.every((id) => seen.distinct().has(id)), "the events of the outage received");

      const streak = attempts.slice(outageBegan).filter((a) => a.failures > 0);
      expect(streak.map((a) => a.failures)).toEqual(streak.map((_, i) => i + 1));
      expect(streak.every((a) => a.error !== undefined && a.published === 0)).toBe(true);
      const delays = streak.map((a) => a.nextDelayMs);
      const ceilings = delays.map((_, i) => Math.min(backoff.maxMs, backoff.minMs * 2 ** i));
      delays.forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(ceilings[i]! / 2);
        expect(delay).toBeLessThanOrEqual(ceilings[i]!);
      });
      expect(delays.slice(0, 4)).toEqual([...delays.slice(0, 4)].sort((a, b) => a - b)); // grows until the cap
      // Jittered: at the cap, the waits differ (a fixed schedule would repeat the cap).
      const capped = delays.filter((_, i) => ceilings[i] === backoff.maxMs);
      expect(capped.length).toBeGreaterThanOrEqual(4);
      if (new Set(capped).size < 2) throw new Error(`not jittered: every wait at the cap was ${capped[0]} ms`);
      // The relay really waited: the next attempt began no sooner than the scheduled delay after this one.
      const first = attempts.indexOf(streak[0]!);
      for (let i = first; i < first + streak.length; i++) {
        const [attempt, following] = [attempts[i]!, attempts[i + 1]!];
        expect(following.startedAt - attempt.startedAt).toBeGreaterThanOrEqual(attempt.nextDelayMs - 1);
      }
      const recovered = attempts[first + streak.length]!;
      expect(recovered.failures).toBe(0);
      expect(recovered.error).toBeUndefined();
    } finally {
      await seen.close();
      await r.stop();
      await relayBus.close().catch(() => undefined);
      await viaProxy.close();
      await proxy.close();
    }
  }

  it("backs off exponentially with jitter up to the cap while the broker is away, then publishes everything", async () => {
    await expectBackoffDuringOutage(OutboxRelay);
  });

  it("detects a relay that backs off without jitter (every wait at the cap is the same)", async () => {
    const noJitter = { find: "delay = ceiling / 2 + Math.random() * (ceiling / 2);", replace: "delay = ceiling;" };
    const variant = loadBrokenVariant<{ OutboxRelay: typeof OutboxRelay }>(
      path.join(__dirname, "outbox-relay.ts"),
      noJitter,
    );
    await expect(expectBackoffDuringOutage(variant.OutboxRelay)).rejects.toThrow(
      "not jittered: every wait at the cap was 160 ms",
    );
  });

  describe("waking on commit", () => {
    const anHour = 3_600_000;
    /** A relay that polls only every hour, started and past its first (empty) batch: asleep. */
    const sleepingRelay = async () => {
      let attempts = 0;
      relay({ pollIntervalMs: anHour, onAttempt: () => attempts++ });
      await eventually(() => attempts > 0, "the relay's first batch");
    };
    const listenerPids = async () =>
      (
        await db.pool.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE '%outbox-listener' AND query ILIKE 'LISTEN%'`,
        )
      ).rows.map((r) => r.pid);

    it("publishes what was committed while it sleeps, without waiting for its poll", async () => {
      const seen = await probe(connection);
      await sleepingRelay();
      const [id] = await recordInTransaction(db.pool, ["woken"]);
      await eventually(() => seen.ids.includes(id as string), "the event arrives");
      await seen.close();
    });

    it("listens again after its connection was cut, and is woken by the next commit", async () => {
      const seen = await probe(connection);
      await sleepingRelay();
      await eventually(async () => (await listenerPids()).length === 1, "the relay listens");
      const [cut] = await listenerPids();
      await db.pool.query("SELECT pg_terminate_backend($1)", [cut]);
      await eventually(async () => {
        const pids = await listenerPids();
        return pids.length === 1 && pids[0] !== cut;
      }, "the relay listens on a new connection");
      const [id] = await recordInTransaction(db.pool, ["after-the-cut"]);
      await eventually(() => seen.ids.includes(id as string), "the event arrives");
      await seen.close();
    });
  });
});

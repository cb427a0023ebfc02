import { create, toBinary } from "@bufbuild/protobuf";
import { BoolValueSchema } from "@bufbuild/protobuf/wkt";
import { rabbitmqRequest } from "@emporium/local-servers";
import { createTestVhost, testBroker, type TestVhost } from "@emporium/testing";
import { Registry } from "prom-client";
import { uuidv7 } from "uuidv7";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { RabbitEventBus } from "./event-bus";
import { EVENTS_EXCHANGE, newTraceparent, toAmqpProperties } from "./event-envelope";
import { startLiveFeed, type LiveEvent, type LiveFeed } from "./live-feed";
import { eventually, quietLogger, TestEvent, testEvent } from "../../test/messaging-fixtures";

/**
 * The live feed against a real broker (a vhost of this file's own), connecting as a BFF's broker
 * user with exactly the rights `npm start` gives it: its own queues, emporium.events to bind from.
 */
describe("live feed", () => {
  const { management } = testBroker();
  let vhost: TestVhost;
  let publisher: BrokerConnection;
  let bus: RabbitEventBus;
  const feeds: LiveFeed[] = [];

  beforeAll(async () => {
    vhost = await createTestVhost("live-feed");
    publisher = connectToBroker(vhost.url, { name: "live-feed-spec", logger: quietLogger });
    bus = new RabbitEventBus(publisher);
  });
  afterEach(async () => {
    for (const feed of feeds.splice(0)) await feed.close();
  });
  afterAll(async () => {
    await bus.close();
    await publisher.close();
    await vhost.drop();
  });

  async function feed(options: { bff?: "bff-web" | "bff-mobile"; registry?: Registry } = {}) {
    const bff = options.bff ?? "bff-web";
    const started = await startLiveFeed({
      name: bff,
      amqpUrl: await vhost.bffUrl(bff),
      logger: quietLogger,
      events: [TestEvent],
      registry: options.registry,
    });
    feeds.push(started);
    return started;
  }

  /** The values of every TestEvent the feed hands to a listener, in arrival order. */
  function collect(live: LiveFeed): string[] {
    const values: string[] = [];
    live.listen(TestEvent, ({ message }) => values.push(message.value));
    return values;
  }

  const vhostPath = () => encodeURIComponent(vhost.vhost);
  /** The queue as the management API shows it; undefined when there is none (HTTP 404). */
  const queueInfo = async (queue: string) => {
    const path = `/queues/${vhostPath()}/${encodeURIComponent(queue)}`;
    const info = (await rabbitmqRequest(management, "GET", path, undefined, [200, 404])) as { error?: string };
    return info.error ? undefined : info;
  };
  const counterValue = async (registry: Registry, name: string, labels: Record<string, string>) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    const match = values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
    return match?.value ?? 0;
  };

  /** A message as a misbehaving publisher would send it: raw properties and body. */
  async function publishRaw(properties: object, body: Buffer): Promise<void> {
    const ch = await publisher.acquire();
    try {
      await ch.confirmSelect();
      await ch.basicPublish({ exchange: EVENTS_EXCHANGE, routingKey: TestEvent.typeName, ...properties }, body);
    } finally {
      await ch.close();
    }
  }

  it("every instance's feed receives every event, and each listener of that type in it", async () => {
    const [first, second] = [await feed(), await feed()];
    expect(first.queue).not.toBe(second.queue);
    const [a, b, alsoB] = [collect(first), collect(second), collect(second)];
    const envelopes: LiveEvent<typeof TestEvent>["envelope"][] = [];
    first.listen(TestEvent, ({ envelope }) => envelopes.push(envelope));

    const event = testEvent("shared", { aggregateVersion: 7n });
    await bus.publish(event);
    await eventually(() => a.length + b.length + alsoB.length === 3, "both instances and both listeners got it");
    expect([a, b, alsoB]).toEqual([["shared"], ["shared"], ["shared"]]);
    expect(envelopes[0]).toMatchObject({
      id: event.envelope.id,
      type: TestEvent.typeName,
      aggregateId: "agg-shared",
      aggregateVersion: 7n,
    });
  });

  it("delivers only the types it is bound to, and stops calling a listener that unsubscribed", async () => {
    const registry = new Registry();
    const live = await feed({ registry });
    const values = collect(live);
    const gone: string[] = [];
    const unsubscribe = live.listen(TestEvent, ({ message }) => gone.push(message.value));
    expect(() => live.listen(BoolValueSchema, () => undefined)).toThrow(/not bound to google\.protobuf\.BoolValue/);

    await bus.publish(testEvent("before"));
    await eventually(() => gone.length === 1, "the second listener got the first event");
    unsubscribe();
    // An event of another type is not even routed to the queue: events behind it arrive alone.
    await bus.publish({
      envelope: { ...testEvent("x").envelope, type: BoolValueSchema.typeName },
      payload: toBinary(BoolValueSchema, create(BoolValueSchema, { value: true })),
    });
    await bus.publish(testEvent("after"));
    await eventually(() => values.length === 2, "both bound events arrived");
    expect(values).toEqual(["before", "after"]);
    expect(gone).toEqual(["before"]);
    expect(await counterValue(registry, "live_feed_events_received_total", { type: TestEvent.typeName })).toBe(2);
    const bindings = (await rabbitmqRequest(
      management,
      "GET",
      `/queues/${vhostPath()}/${encodeURIComponent(live.queue)}/bindings`,
    )) as Array<{ source: string; routing_key: string }>;
    expect(bindings.filter((b) => b.source !== "").map((b) => [b.source, b.routing_key])).toEqual([
      [EVENTS_EXCHANGE, TestEvent.typeName],
    ]);
  });

  it("uses an exclusive, auto-delete, classic queue of its own name that is gone after close", async () => {
    const live = await feed();
    expect(live.queue).toMatch(/^bff-web\.live\.[0-9a-f]{12}$/);
    expect(await queueInfo(live.queue)).toMatchObject({
      exclusive: true,
      auto_delete: true,
      durable: false,
      type: "classic",
    });
    await live.close();
    await live.close(); // twice is fine
    await eventually(async () => (await queueInfo(live.queue)) === undefined, "the queue is deleted");
  });

  it("rebinds after the broker closes its connection, calls onResync, and delivers later events", async () => {
    const registry = new Registry();
    const live = await feed({ bff: "bff-mobile", registry });
    const values = collect(live);
    let resyncs = 0;
    live.onResync(() => resyncs++);
    await bus.publish(testEvent("before"));
    await eventually(() => values.length === 1, "the first event arrived");

    // The feed is the only connection of this user on the test broker.
    const user = encodeURIComponent(`${vhost.vhost}.bff-mobile`);
    await rabbitmqRequest(management, "DELETE", `/connections/username/${user}`, undefined, [200, 204]);
    await eventually(() => resyncs === 1, "onResync was called once the queue was bound again");
    await bus.publish(testEvent("after"));
    await eventually(() => values.length === 2, "the later event arrived");
    expect(values).toEqual(["before", "after"]);
    expect(await queueInfo(live.queue)).toMatchObject({ exclusive: true });
    expect(await counterValue(registry, "live_feed_resyncs_total", { feed: "bff-mobile" })).toBe(1);
  });

  it("started without waiting, counts its first binding as a resync (subscribers may have read state before)", async () => {
    const live = await startLiveFeed({
      name: "bff-web",
      amqpUrl: await vhost.bffUrl("bff-web"),
      logger: quietLogger,
      events: [TestEvent],
      waitUntilReady: false,
    });
    feeds.push(live);
    let resyncs = 0;
    live.onResync(() => resyncs++);
    const values = collect(live);
    await eventually(() => resyncs === 1, "onResync once the queue is bound");
    await bus.publish(testEvent("later"));
    await eventually(() => values.length === 1, "the later event arrived");
  });

  it("drops a malformed message, logs it, and goes on with the next", async () => {
    const registry = new Registry();
    const live = await feed({ registry });
    const values = collect(live);
    const good = testEvent("good");
    const envelope = { ...good.envelope, id: uuidv7(), traceparent: newTraceparent() };
    // No CloudEvents attributes at all.
    await publishRaw({ messageId: uuidv7(), contentType: "application/protobuf" }, Buffer.from(good.payload));
    // A well-formed envelope around a body that is not a TestEvent (a length past the end).
    await publishRaw(toAmqpProperties(envelope), Buffer.from([0x0a, 0x05, 0x61, 0x62]));
    await bus.publish(good);
    await eventually(() => values.length === 1, "the good event arrived");
    expect(values).toEqual(["good"]);
    expect(await counterValue(registry, "live_feed_events_dropped_total", { reason: "undecodable" })).toBe(2);
  });

  it("a listener that throws does not keep the event from the others", async () => {
    const live = await feed();
    live.listen(TestEvent, () => {
      throw new Error("a bug in one subscription");
    });
    const values = collect(live);
    await bus.publish(testEvent("one"));
    await bus.publish(testEvent("two"));
    await eventually(() => values.length === 2, "both events reached the healthy listener");
    expect(values).toEqual(["one", "two"]);
  });
});

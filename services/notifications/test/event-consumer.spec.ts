import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { StockReplenishedSchema } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { NotificationCreatedSchema } from "@emporium/contracts/emporium/notifications/v1/events_pb";
import {
  connectToBroker,
  newTraceparent,
  RabbitEventBus,
  type BrokerConnection,
  type EventEnvelope,
} from "@emporium/platform";
import {
  captureEvents,
  createTestVhost,
  payloadAs,
  recordedEvents,
  type EventCapture,
  type TestVhost,
} from "@emporium/testing";
import pino from "pino";
import { uuidv7 } from "uuidv7";
import { ALICE, startNotifications, type RunningNotifications } from "./notifications-harness";

/** The wiring through a real broker: the platform consumer, its inbox, and the dead-letter path. */
describe("consuming events from RabbitMQ", () => {
  let vhost: TestVhost;
  let svc: RunningNotifications;
  let connection: BrokerConnection;
  let bus: RabbitEventBus;
  let created: EventCapture;
  beforeAll(async () => {
    vhost = await createTestVhost("notifications");
    // As the service's own broker user: what it may consume and publish is what the stack grants it.
    svc = await startNotifications({ EMPORIUM_NOTIFICATIONS_AMQP_URL: await vhost.serviceUrl("notifications") });
    connection = connectToBroker(vhost.url, {
      name: "notifications-test-publisher",
      logger: pino({ level: "silent" }),
    });
    bus = new RabbitEventBus(connection);
    created = await captureEvents(vhost.url, [NotificationCreatedSchema]);
    // The consumer declares and binds its queue in the background: wait until it has.
    await until(queueReady, "the notifications queue to be consumed");
  }, 120_000);
  afterAll(async () => {
    await created?.close();
    await bus?.close();
    await connection?.close();
    await svc?.app.stopBackground();
    await svc?.stop();
    await vhost?.drop();
  });

  /** The consumer's outcome counters from the service's /metrics. */
  async function consumed(): Promise<Map<string, number>> {
    const text = await (await fetch(`${svc.httpUrl}/metrics`)).text();
    const counts = new Map<string, number>();
    for (const m of text.matchAll(/^events_consumed_total\{[^}]*outcome="([^"]+)"[^}]*\} (\d+)/gm))
      counts.set(m[1]!, Number(m[2]));
    return counts;
  }
  /** A probe event (nobody watches its product) until one is processed: before, publishes may find no queue. */
  async function queueReady(): Promise<boolean> {
    const probe = `probe-${uuidv7()}`;
    await publish(StockReplenishedSchema, { skuId: probe, productId: probe, available: 1n }, uuidv7());
    return (await consumed()).get("processed") !== undefined;
  }
  async function publish<D extends DescMessage>(schema: D, payload: MessageInitShape<D>, id: string): Promise<void> {
    const envelope: EventEnvelope = {
      id,
      type: schema.typeName,
      source: "/emporium/test",
      aggregateId: "agg",
      aggregateVersion: 1n,
      occurredAt: new Date(),
      traceparent: newTraceparent(),
    };
    await bus.publish({ envelope, payload: toBinary(schema, create(schema, payload)) });
  }

  it("a StockReplenished delivered twice (same message id) notifies the watcher once", async () => {
    const productId = `p-broker-${Date.now()}`;
    await svc.client(svc.tokens.alice).watchProduct({ productId });
    const before = await consumed();
    const id = uuidv7();
    await publish(StockReplenishedSchema, { skuId: `sku-${productId}`, productId, available: 2n }, id);
    await publish(StockReplenishedSchema, { skuId: `sku-${productId}`, productId, available: 2n }, id);
    await until(
      async () => ((await consumed()).get("duplicate") ?? 0) > (before.get("duplicate") ?? 0),
      "the duplicate to be acknowledged",
    );
    await until(
      async () => (await svc.count("SELECT count(*) AS n FROM notifications WHERE product_id = $1", [productId])) > 0,
      "the notification",
    );
    expect(
      await svc.count("SELECT count(*) AS n FROM notifications WHERE product_id = $1 AND customer_id = $2", [
        productId,
        ALICE,
      ]),
    ).toBe(1);
    expect(
      await svc.count("SELECT count(*) AS n FROM inbox WHERE consumer = 'notifications' AND message_id = $1", [id]),
    ).toBe(1);
  });

  it("a notification stored is published as NotificationCreated on emporium.events, once however often its cause arrives", async () => {
    const productId = `p-broker-created-${Date.now()}`;
    await svc.client(svc.tokens.alice).watchProduct({ productId });
    const before = await consumed();
    const id = uuidv7();
    await publish(StockReplenishedSchema, { skuId: `sku-${productId}`, productId, available: 1n }, id);
    await publish(StockReplenishedSchema, { skuId: `sku-${productId}`, productId, available: 1n }, id);
    const published = await created.next(NotificationCreatedSchema, (p) => p.notification?.productId === productId);
    const [stored] = (await svc.client(svc.tokens.alice).listNotifications({ pageSize: 100 })).notifications.filter(
      (n) => n.productId === productId,
    );
    expect(published.payload.notification).toEqual(stored);
    expect(published.envelope).toMatchObject({
      source: "/emporium/notifications",
      aggregateId: stored!.id,
      aggregateVersion: 1n,
    });
    await until(
      async () => ((await consumed()).get("duplicate") ?? 0) > (before.get("duplicate") ?? 0),
      "the duplicate to be acknowledged",
    );
    // The redelivery stored nothing, so the outbox holds this one event for the product.
    const recorded = await recordedEvents(svc.app.pool, [NotificationCreatedSchema]);
    const ofProduct = recorded.filter(
      (e) => payloadAs(e, NotificationCreatedSchema).notification?.productId === productId,
    );
    expect(ofProduct).toHaveLength(1);
  });

  it("an event that can never succeed goes to the dead-letter queue, writing nothing", async () => {
    const before = await consumed();
    const notificationsBefore = await svc.count("SELECT count(*) AS n FROM notifications");
    const id = uuidv7();
    await publish(StockReplenishedSchema, { skuId: "sku-without-product", productId: "", available: 1n }, id);
    await until(
      async () => ((await consumed()).get("dead-lettered:rejected") ?? 0) > (before.get("dead-lettered:rejected") ?? 0),
      "the event to be dead-lettered",
    );
    expect(await svc.count("SELECT count(*) AS n FROM notifications")).toBe(notificationsBefore);
    expect(await svc.count("SELECT count(*) AS n FROM inbox WHERE message_id = $1", [id])).toBe(0);
  });
});

/** Polls until `check` holds (no fixed sleeps; the jest timeout bounds it). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { fromBinary } from "@bufbuild/protobuf";
import { OrderPlacedSchema, OrderStatusChangedSchema } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { createTestVhost, type TestVhost } from "@emporium/testing";
import { Connection, type Consumer } from "rabbitmq-client";
import { ALICE, BOB, appendPlacedOrder, startOrders, type RunningOrders } from "./orders-harness";

interface Delivered {
  type: string;
  body: Buffer;
  messageId: string;
}

/** Orders' events as a subscriber on the broker receives them (a test vhost of this file's own). */
describe("orders publishes its events to the broker", () => {
  let vhost: TestVhost;
  let svc: RunningOrders;
  let connection: Connection;
  let consumer: Consumer;
  const delivered: Delivered[] = [];
  beforeAll(async () => {
    vhost = await createTestVhost("orders");
    connection = new Connection(vhost.url);
    consumer = connection.createConsumer(
      {
        queue: "orders-events-spec",
        queueOptions: { exclusive: true },
        exchanges: [{ exchange: "emporium.events", type: "topic", durable: true }],
        queueBindings: [{ exchange: "emporium.events", routingKey: "emporium.orders.v1.#" }],
      },
      (msg) => {
        delivered.push({ type: msg.routingKey, body: msg.body as Buffer, messageId: String(msg.messageId) });
      },
    );
    await new Promise<void>((resolve) => consumer.once("ready", () => resolve()));
    svc = await startOrders({ EMPORIUM_ORDERS_AMQP_URL: vhost.url });
  }, 120_000);
  afterAll(async () => {
    await svc?.stop();
    await consumer?.close();
    await connection?.close();
    await vhost?.drop();
  });

  async function until(done: () => Promise<boolean> | boolean, what: string) {
    for (let i = 0; i < 300; i++) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it("OrderPlaced reaches the broker once per order, with its lines and totals, then its PENDING status", async () => {
    const placed = await Promise.all([
      appendPlacedOrder(svc, ALICE),
      appendPlacedOrder(svc, BOB),
      appendPlacedOrder(svc, ALICE),
    ]);
    const ids = placed.map((p) => p.orderId);
    const placedOf = (id: string) =>
      delivered
        .filter((d) => d.type === OrderPlacedSchema.typeName)
        .map((d) => fromBinary(OrderPlacedSchema, d.body))
        .filter((e) => e.orderId === id);
    const unpublished = async () =>
      (await svc.app.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL"))
        .rows[0]!.n;
    await until(async () => ids.every((id) => placedOf(id).length > 0) && (await unpublished()) === 0, "the events");
    for (const id of ids) {
      const events = placedOf(id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        orderId: id,
        currencyCode: "EUR",
        lines: [
          {
            skuId: "sku-mug-blue",
            productId: "prod-mug",
            quantity: 2n,
            unitPrice: { currencyCode: "EUR", amountMinor: 1250n },
          },
          {
            skuId: "sku-tee-m",
            productId: "prod-tee",
            quantity: 1n,
            unitPrice: { currencyCode: "EUR", amountMinor: 1999n },
          },
        ],
        subtotal: { amountMinor: 4499n },
        shipping: { amountMinor: 495n },
        total: { amountMinor: 4994n },
        shippingAddress: { city: "Berlin", countryCode: "DE" },
      });
      const statuses = delivered
        .filter((d) => d.type === OrderStatusChangedSchema.typeName)
        .map((d) => fromBinary(OrderStatusChangedSchema, d.body))
        .filter((e) => e.orderId === id);
      expect(statuses.map((s) => [s.status, s.statusSequence, s.version])).toEqual([[OrderStatus.PENDING, 1n, 2n]]);
    }
    expect(new Set(delivered.map((d) => d.messageId)).size).toBe(delivered.length);
  });
});

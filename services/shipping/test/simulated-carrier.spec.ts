import { fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { ShipmentCreatedSchema, ShipmentStatusChangedSchema } from "@emporium/contracts/emporium/shipping/v1/events_pb";
import { ShipmentStatus } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { createTestVhost, recordedEvents, type TestVhost } from "@emporium/testing";
import { Connection, type Consumer } from "rabbitmq-client";
import { ALICE, CARRIER_STEP_MS, startShipping, type RunningShipping } from "./shipping-harness";

const SKILLET_20CM = "0192f000-0000-7000-8000-000000000002";
const BERLIN = { countryCode: "DE", postalCode: "10115" };
const SCHEMAS: DescMessage[] = [ShipmentCreatedSchema, ShipmentStatusChangedSchema];

interface Received {
  type: string;
  shipmentId: string;
  orderId: string;
  correlationId: string;
  step?: [ShipmentStatus, ShipmentStatus];
}

/** The carrier on a test clock, and what shipping publishes through a real broker (a vhost of this file's own). */
describe("the simulated carrier", () => {
  let vhost: TestVhost;
  let svc: RunningShipping;
  let broker: Connection;
  let consumer: Consumer;
  const received: Received[] = [];
  let n = 0;

  beforeAll(async () => {
    vhost = await createTestVhost("shipping");
    svc = await startShipping({ EMPORIUM_SHIPPING_AMQP_URL: vhost.url });
    broker = new Connection(vhost.url);
    consumer = broker.createConsumer(
      {
        queue: "",
        queueOptions: { exclusive: true },
        exchanges: [{ exchange: "emporium.events", type: "topic", durable: true }],
        queueBindings: [{ exchange: "emporium.events", routingKey: "emporium.shipping.v1.*" }],
      },
      async (msg) => {
        const schema = SCHEMAS.find((s) => s.typeName === msg.routingKey);
        if (!schema) return;
        const event = fromBinary(schema, msg.body as Uint8Array) as unknown as Received & {
          oldStatus?: ShipmentStatus;
          newStatus?: ShipmentStatus;
        };
        received.push({
          type: schema.name,
          shipmentId: event.shipmentId,
          orderId: event.orderId,
          correlationId: event.correlationId,
          ...(event.newStatus !== undefined && { step: [event.oldStatus!, event.newStatus] }),
        });
      },
    );
    await new Promise((resolve) => consumer.once("ready", resolve));
  }, 120_000);
  afterAll(async () => {
    await consumer?.close();
    await broker?.close();
    await svc?.stop();
    await vhost?.drop();
  });

  async function ship() {
    const { quote } = await svc.client(svc.tokens.alice).quoteShipping({
      destination: BERLIN,
      lines: [{ skuId: SKILLET_20CM, quantity: 1 }],
    });
    const key = `carrier-${++n}`;
    const address = { recipientName: "Alice", line1: "Invalidenstraße 1", city: "Berlin", ...BERLIN };
    return (
      await svc.orders.createShipment({
        orderId: `order-${key}`,
        customerId: ALICE,
        quoteId: quote!.id,
        address,
        idempotencyKey: key,
        correlationId: `saga-${key}`,
      })
    ).shipment!;
  }
  const statusOf = async (orderId: string) =>
    (await svc.orders.batchGetShipmentsByOrder({ orderIds: [orderId] })).shipments[0]!.status;
  async function until(condition: () => Promise<boolean> | boolean, what: string) {
    for (let i = 0; i < 200; i++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it("moves a shipment to delivered, one step per carrier step of test time, and publishes each status once", async () => {
    const shipment = await ship();
    svc.clock.advance(CARRIER_STEP_MS - 1);
    expect(await svc.carrierRound()).toBe(0);
    expect(await statusOf(shipment.orderId)).toBe(ShipmentStatus.LABEL_CREATED);

    svc.clock.advance(1);
    expect(await svc.carrierRound()).toBe(1);
    expect(await svc.carrierRound()).toBe(0);
    expect(await statusOf(shipment.orderId)).toBe(ShipmentStatus.IN_TRANSIT);

    svc.clock.advance(CARRIER_STEP_MS);
    expect(await svc.carrierRound()).toBe(1);
    expect(await statusOf(shipment.orderId)).toBe(ShipmentStatus.DELIVERED);
    svc.clock.advance(10 * CARRIER_STEP_MS);
    expect(await svc.carrierRound()).toBe(0);

    const mine = () => received.filter((r) => r.shipmentId === shipment.id);
    await until(() => mine().length >= 3, "the shipment's three events from the broker");
    const ids = { shipmentId: shipment.id, orderId: shipment.orderId, correlationId: `saga-carrier-${n}` };
    expect(mine()).toEqual([
      { type: "ShipmentCreated", ...ids },
      { type: "ShipmentStatusChanged", ...ids, step: [ShipmentStatus.LABEL_CREATED, ShipmentStatus.IN_TRANSIT] },
      { type: "ShipmentStatusChanged", ...ids, step: [ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED] },
    ]);
    const { rows } = await svc.app.pool.query<{ version: string }>("SELECT version FROM shipments WHERE id = $1", [
      shipment.id,
    ]);
    expect(rows[0]!.version).toBe("3");
  });

  it("carriers running at once never move a shipment twice: each step is recorded exactly once", async () => {
    const shipments = await Promise.all(Array.from({ length: 12 }, () => ship()));
    const ids = new Set(shipments.map((s) => s.id));
    const steps = async () =>
      (await recordedEvents(svc.app.pool, SCHEMAS)).filter(
        (e) => ids.has(e.aggregateId) && e.eventType === ShipmentStatusChangedSchema.typeName,
      );
    for (const expected of [12, 24]) {
      svc.clock.advance(CARRIER_STEP_MS);
      const moved = await Promise.all(Array.from({ length: 4 }, () => svc.carrierRound()));
      expect(moved.reduce((a, b) => a + b, 0)).toBe(12);
      expect(await steps()).toHaveLength(expected);
    }
    const versions = (await steps()).map((e) => `${e.aggregateId}@${e.aggregateVersion}`);
    expect(new Set(versions).size).toBe(24);
    for (const s of shipments) expect(await statusOf(s.orderId)).toBe(ShipmentStatus.DELIVERED);
  });
});

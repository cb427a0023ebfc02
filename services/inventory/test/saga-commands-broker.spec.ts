import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  CommitReservationCommandSchema,
  ReleaseReservationCommandSchema,
  ReservationCommittedSchema,
  ReservationReleasedSchema,
  ReserveStockCommandSchema,
  ReturnStockCommandSchema,
  StockReservationFailedSchema,
  StockReservationFailureReason,
  StockReservationSucceededSchema,
  StockReturnedSchema,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import { StockAvailabilityChangedSchema } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import {
  consumedMessages,
  captureEvents,
  createTestVhost,
  sendCommand,
  type CapturedEvent,
  type EventCapture,
  type TestVhost,
} from "@emporium/testing";
import { startInventory, type RunningInventory } from "./inventory-harness";

const REPLIES = [
  StockReservationSucceededSchema,
  StockReservationFailedSchema,
  ReservationCommittedSchema,
  ReservationReleasedSchema,
  StockReturnedSchema,
];
const inMinutes = (minutes: number) => timestampFromDate(new Date(Date.now() + minutes * 60_000));

/** The commands through the real broker: queue `inventory.commands` in, replies on `emporium.events` out. */
describe("inventory takes the saga's commands from RabbitMQ", () => {
  let vhost: TestVhost;
  let inv: RunningInventory;
  let replies: EventCapture;
  let availability: EventCapture;
  let n = 0;

  beforeAll(async () => {
    vhost = await createTestVhost("inventory");
    inv = await startInventory({ seed: false, env: { EMPORIUM_INVENTORY_AMQP_URL: vhost.url } });
    replies = await captureEvents(vhost.url, REPLIES);
    availability = await captureEvents(vhost.url, [StockAvailabilityChangedSchema]);
  }, 120_000);
  afterAll(async () => {
    await replies?.close();
    await availability?.close();
    await inv?.app.stopBackground();
    await inv?.stop();
    await vhost?.drop();
  });

  const stockedSku = async (perWarehouse: Record<string, number>) => {
    const skuId = `broker-sku-${++n}-${Date.now()}`;
    for (const [warehouseId, quantity] of Object.entries(perWarehouse))
      await inv.client(inv.adminToken).adjustStock({
        skuId,
        warehouseId,
        delta: BigInt(quantity),
        reason: "test delivery",
        productId: `broker-product-${n}`,
      });
    return skuId;
  };
  const stockOf = async (skuId: string) =>
    (
      await inv.app.pool.query<{ warehouse_id: string; on_hand: string; reserved: string }>(
        "SELECT warehouse_id, on_hand, reserved FROM stock WHERE sku_id = $1 ORDER BY warehouse_id",
        [skuId],
      )
    ).rows.map((r) => [r.warehouse_id, BigInt(r.on_hand), BigInt(r.reserved)]);
  const repliesTo = async (orderId: string) =>
    (
      await inv.app.pool.query<{ reply_type: string }>(
        "SELECT reply_type FROM saga_replies WHERE order_id = $1 ORDER BY version",
        [orderId],
      )
    ).rows.map((r) => r.reply_type.replace("emporium.inventory.v1.", ""));
  /** How many messages the service's consumer handled with this outcome, from /metrics. */
  const consumed = (outcome: string) => consumedMessages(inv.httpUrl, "inventory.commands", outcome);

  /** Messages the consumer found already handled (the inbox). */
  const duplicates = () => consumed("duplicate");
  /** Bounded polling: the consumer works in the background. */
  async function until(condition: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 300; i++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Sends a command, then the same message again (a redelivery): returns the one reply it got. */
  async function sendTwice<Desc extends DescMessage, ReplyDesc extends DescMessage>(
    schema: Desc,
    payload: MessageShape<Desc> & { orderId: string; correlationId: string },
    replySchema: ReplyDesc,
  ): Promise<CapturedEvent<ReplyDesc>> {
    const before = await duplicates();
    const messageId = await sendCommand(vhost.url, { schema, payload, aggregateId: payload.orderId });
    const reply = await replies.next(
      replySchema,
      (p) => (p as { correlationId?: string }).correlationId === payload.correlationId,
    );
    await sendCommand(vhost.url, { schema, payload, aggregateId: payload.orderId, messageId });
    await until(async () => (await duplicates()) === before + 1, "the redelivered command to be dropped");
    return reply;
  }

  it("answers each command once on emporium.events; every command delivered twice changes nothing", async () => {
    const sku = await stockedSku({ "wh-a": 3, "wh-b": 2 });
    const order = `order-broker-${Date.now()}`;
    const ids = (step: string) => ({ orderId: order, correlationId: `${order}:${step}`, expireTime: inMinutes(10) });

    const reserved = await sendTwice(
      ReserveStockCommandSchema,
      create(ReserveStockCommandSchema, {
        ...ids("reserve-stock"),
        holdUntil: inMinutes(45),
        lines: [{ skuId: sku, quantity: 4n }],
      }),
      StockReservationSucceededSchema,
    );
    expect(reserved.envelope).toMatchObject({
      source: "/emporium/inventory",
      aggregateId: order,
      aggregateVersion: 1n,
    });
    expect(await stockOf(sku)).toEqual([
      ["wh-a", 3n, 3n],
      ["wh-b", 2n, 1n],
    ]);

    await sendTwice(
      CommitReservationCommandSchema,
      create(CommitReservationCommandSchema, ids("commit-reservation")),
      ReservationCommittedSchema,
    );
    expect(await stockOf(sku)).toEqual([
      ["wh-a", 0n, 0n],
      ["wh-b", 1n, 0n],
    ]);

    const returned = await sendTwice(
      ReturnStockCommandSchema,
      create(ReturnStockCommandSchema, { ...ids("return-stock"), reason: "cancelled" }),
      StockReturnedSchema,
    );
    expect(returned.payload).toMatchObject({ reservationId: reserved.payload.reservationId });
    expect(await stockOf(sku)).toEqual([
      ["wh-a", 3n, 0n],
      ["wh-b", 2n, 0n],
    ]);
    expect(await repliesTo(order)).toEqual(["StockReservationSucceeded", "ReservationCommitted", "StockReturned"]);
  });

  it("publishes StockAvailabilityChanged for each step that moves available, none for a commit or a redelivery", async () => {
    const sku = await stockedSku({ "wh-a": 5 });
    const order = `order-broker-availability-${Date.now()}`;
    const ids = (step: string) => ({ orderId: order, correlationId: `${order}:${step}`, expireTime: inMinutes(10) });
    const lines = [{ skuId: sku, quantity: 2n }];
    await sendTwice(
      ReserveStockCommandSchema,
      create(ReserveStockCommandSchema, { ...ids("reserve-stock"), holdUntil: inMinutes(45), lines }),
      StockReservationSucceededSchema,
    );
    await sendTwice(
      CommitReservationCommandSchema,
      create(CommitReservationCommandSchema, ids("commit-reservation")),
      ReservationCommittedSchema,
    );
    await sendTwice(
      ReturnStockCommandSchema,
      create(ReturnStockCommandSchema, { ...ids("return-stock"), reason: "cancelled" }),
      StockReturnedSchema,
    );
    const ofSku = (p: { skuId: string }) => p.skuId === sku;
    // The relay publishes a SKU's events in the order they were recorded: once the return's has
    // arrived, every earlier one has too.
    const seen: Array<CapturedEvent<typeof StockAvailabilityChangedSchema>> = [];
    for (let i = 0; i < 3; i++) seen.push(await availability.next(StockAvailabilityChangedSchema, ofSku));
    // stocked v1-v2; reserved v3-v4; committed v5 (no event); returned v6.
    expect(seen.map((e) => [e.envelope.aggregateId, e.envelope.aggregateVersion, e.payload.available])).toEqual([
      [sku, 2n, 5n],
      [sku, 4n, 3n],
      [sku, 6n, 5n],
    ]);
    expect(seen[1]!.payload).toMatchObject({
      productId: `broker-product-${n}`,
      inStock: true,
      onHand: 5n,
      reserved: 2n,
    });
    expect(seen[1]!.envelope.source).toBe("/emporium/inventory");
    expect(availability.events.filter((e) => e.envelope.aggregateId === sku)).toHaveLength(3);
  });

  it("the same step as a new message gets its first outcome; a release first refuses the reservation", async () => {
    const sku = await stockedSku({ "wh-a": 5 });
    const order = `order-broker-early-release-${Date.now()}`;
    const release = create(ReleaseReservationCommandSchema, {
      orderId: order,
      correlationId: `${order}:release-reservation`,
      expireTime: inMinutes(10),
      reason: "payment declined",
    });
    const reserve = create(ReserveStockCommandSchema, {
      orderId: order,
      correlationId: `${order}:reserve-stock`,
      expireTime: inMinutes(10),
      holdUntil: inMinutes(45),
      lines: [{ skuId: sku, quantity: 1n }],
    });
    const mine = (p: { correlationId?: string }, step: string) => p.correlationId === `${order}:${step}`;

    await sendCommand(vhost.url, { schema: ReleaseReservationCommandSchema, payload: release, aggregateId: order });
    const released = await replies.next(ReservationReleasedSchema, (p) => mine(p, "release-reservation"));
    expect(released.payload).toMatchObject({ orderId: order, reservationId: "" });

    await sendCommand(vhost.url, { schema: ReserveStockCommandSchema, payload: reserve, aggregateId: order });
    const refused = await replies.next(StockReservationFailedSchema, (p) => mine(p, "reserve-stock"));
    expect(refused.payload.reason).toBe(StockReservationFailureReason.RELEASED);

    await sendCommand(vhost.url, { schema: ReleaseReservationCommandSchema, payload: release, aggregateId: order });
    const again = await replies.next(ReservationReleasedSchema, (p) => mine(p, "release-reservation"));
    expect(again.payload).toEqual(released.payload);
    expect(again.envelope.aggregateVersion).toBe(3n);
    expect(await stockOf(sku)).toEqual([["wh-a", 5n, 0n]]);
  });

  it("a command no reply can be addressed for goes to the dead letters, holding nothing", async () => {
    const sku = await stockedSku({ "wh-a": 5 });
    const order = `order-broker-unaddressed-${Date.now()}`;
    const before = await consumed("dead-lettered:rejected");
    const command = create(ReserveStockCommandSchema, {
      orderId: order,
      expireTime: inMinutes(10),
      holdUntil: inMinutes(45),
      lines: [{ skuId: sku, quantity: 1n }],
    });
    await sendCommand(vhost.url, { schema: ReserveStockCommandSchema, payload: command, aggregateId: order });
    await until(
      async () => (await consumed("dead-lettered:rejected")) === before + 1,
      "the command to be dead-lettered",
    );
    expect(await repliesTo(order)).toEqual([]);
    expect(await stockOf(sku)).toEqual([["wh-a", 5n, 0n]]);
  });
});

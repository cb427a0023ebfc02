import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import {
  ReservationCommittedSchema,
  ReservationReleasedSchema,
  StockReservationSucceededSchema,
  StockReturnedSchema,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import { OrderRefundState, OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import {
  AuthorizePaymentCommandSchema,
  PaymentVoidFailedSchema,
  RefundPaymentCommandSchema,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import {
  PaymentAuthorizedSchema,
  PaymentCapturedSchema,
  PaymentDeclinedSchema,
  PaymentRefundedSchema,
  PaymentVoidedSchema,
} from "@emporium/contracts/emporium/payments/v1/events_pb";
import { DeclineReason } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import {
  CreateShipmentCommandSchema,
  ShipmentCancelRefusedSchema,
} from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import {
  ShipmentCancelledSchema,
  ShipmentCreatedSchema,
  ShipmentStatusChangedSchema,
} from "@emporium/contracts/emporium/shipping/v1/events_pb";
import { ShipmentStatus } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import {
  connectToBroker,
  inTransaction,
  newTraceparent,
  RabbitEventBus,
  type BrokerConnection,
} from "@emporium/platform";
import { createTestVhost, rpcError, type TestVhost } from "@emporium/testing";
import pino from "pino";
import { uuidv7 } from "uuidv7";
import { takeCheckoutNews, timeOutNextDueStep } from "../src/application/checkout-progress";
import type { OrderStore, OrderTransaction } from "../src/application/orders-deps";
import { PgOrderStoreInTransaction } from "../src/db/pg-order-store";
import {
  ALICE,
  BOB,
  commandsOf,
  placeWithCheckout,
  startOrders,
  until,
  waitForStatus,
  type RunningOrders,
} from "./orders-harness";

const TOTAL = 2n * 1250n + 1999n + 495n;

/**
 * The saga through the real broker and database: replies are published on emporium.events as the
 * participants publish them, orders' consumer (queue `orders`) takes them, and the commands it
 * records in its outbox are read back. The participants themselves are not running here.
 */
describe("the checkout saga, fed its participants' replies", () => {
  let vhost: TestVhost;
  let svc: RunningOrders;
  let connection: BrokerConnection;
  let bus: RabbitEventBus;

  beforeAll(async () => {
    vhost = await createTestVhost("orders");
    svc = await startOrders({ EMPORIUM_ORDERS_AMQP_URL: vhost.url });
    connection = connectToBroker(vhost.url, { name: "orders-saga-spec", logger: pino({ level: "silent" }) });
    bus = new RabbitEventBus(connection);
    // The consumer binds its queue in the background: a reply for no order shows it is consuming.
    await until(async () => {
      const probe = uuidv7();
      await reply(StockReservationSucceededSchema, { orderId: probe, correlationId: `${probe}:reserve-stock` });
      await new Promise((r) => setTimeout(r, 200));
      return (await count("SELECT count(*)::int AS n FROM inbox WHERE consumer = 'orders'")) > 0;
    }, "the orders queue to be consumed");
  }, 120_000);
  afterAll(async () => {
    await bus?.close();
    await connection?.close();
    await svc?.stop();
    await vhost?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    (await svc.app.pool.query<{ n: number }>(sql, params)).rows[0]!.n;

  /** Publishes a participant's reply, as its outbox relay would; returns the message id. */
  async function reply<D extends DescMessage>(schema: D, payload: MessageInitShape<D>, id = uuidv7()) {
    const envelope = {
      id,
      type: schema.typeName,
      source: "/emporium/spec",
      aggregateId: "spec",
      aggregateVersion: 1n,
      occurredAt: new Date(),
      traceparent: newTraceparent(),
    };
    await bus.publish({ envelope, payload: toBinary(schema, create(schema, payload)) });
    return id;
  }

  /** Waits until the order waits for `step` (its command was recorded) and returns the command's correlation id. */
  async function awaiting(orderId: string, step: string): Promise<string> {
    const correlationId = step === "refund" ? undefined : `${orderId}:${step}`;
    await until(async () => {
      const { order } = await svc.app.deps.orders.load(orderId);
      const awaited = order?.checkout.awaiting;
      return awaited && (correlationId ? awaited.correlationId === correlationId : awaited.step === "refund-payment");
    }, `order ${orderId} to wait for ${step}`);
    return (await svc.app.deps.orders.load(orderId)).order!.checkout.awaiting!.correlationId;
  }

  /** Answers the forward steps with success until the order is CONFIRMED. */
  async function confirm(orderId: string) {
    await reply(StockReservationSucceededSchema, {
      orderId,
      correlationId: await awaiting(orderId, "reserve-stock"),
      reservationId: "res-1",
    });
    await reply(PaymentAuthorizedSchema, {
      orderId,
      correlationId: await awaiting(orderId, "authorize-payment"),
      paymentId: "pay-1",
    });
    await reply(ShipmentCreatedSchema, {
      orderId,
      correlationId: await awaiting(orderId, "create-shipment"),
      shipmentId: "shp-1",
    });
    await reply(PaymentCapturedSchema, {
      orderId,
      correlationId: await awaiting(orderId, "capture-payment"),
      paymentId: "pay-1",
    });
    await reply(ReservationCommittedSchema, {
      orderId,
      correlationId: await awaiting(orderId, "commit-reservation"),
      reservationId: "res-1",
    });
    return waitForStatus(svc, orderId, ["CONFIRMED"]);
  }

  const statusSequence = async (orderId: string) =>
    (await svc.app.deps.orders.history(orderId)).flatMap((e) =>
      e.event.type === "OrderStatusChanged" ? [`${e.event.statusSequence}:${e.event.status}`] : [],
    );

  it("happy path: each reply sends the next command; the order is CONFIRMED, its commands carry the step and its deadline", async () => {
    const orderId = await placeWithCheckout(svc, ALICE);
    const order = await confirm(orderId);
    expect(order).toMatchObject({ status: "CONFIRMED", statusSequence: 2, statusReason: "" });
    const commands = await commandsOf(svc, orderId);
    expect(commands.map((c) => c.type)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
      "CreateShipmentCommand",
      "CapturePaymentCommand",
      "CommitReservationCommand",
    ]);
    // The payment token and the quote come from the placement; never from an order event.
    const authorize = fromBinary(AuthorizePaymentCommandSchema, commands[1]!.payload);
    expect(authorize).toMatchObject({
      orderId,
      correlationId: `${orderId}:authorize-payment`,
      customerId: ALICE,
      paymentMethodToken: "tok_approve",
      amount: { currencyCode: "EUR", amountMinor: TOTAL },
    });
    expect(timestampDate(authorize.expireTime!).getTime()).toBeGreaterThan(Date.now());
    const shipment = fromBinary(CreateShipmentCommandSchema, commands[2]!.payload);
    expect(shipment).toMatchObject({
      quoteId: "quote-spec",
      address: { recipientName: "Alice A.", postalCode: "10115" },
    });
    const { rows } = await svc.app.pool.query(
      "SELECT 1 FROM order_events WHERE stream_id = $1 AND payload::text LIKE '%tok_approve%'",
      [orderId],
    );
    expect(rows).toEqual([]);
    expect(await count("SELECT count(*)::int AS n FROM saga_deadlines WHERE order_id = $1", [orderId])).toBe(0);
    expect(await statusSequence(orderId)).toEqual(["1:PENDING", "2:CONFIRMED"]);
    // The read model over RPC shows it.
    expect((await svc.client(svc.tokens.alice).getOrder({ id: orderId })).order).toMatchObject({
      status: OrderStatus.CONFIRMED,
      awaitedStep: 0,
    });
  });

  it("declined payment: the reservation is released, then FAILED with the reason; a repeated or stale reply changes nothing", async () => {
    const orderId = await placeWithCheckout(svc, BOB, { paymentMethodToken: "tok_decline" });
    await reply(StockReservationSucceededSchema, { orderId, correlationId: await awaiting(orderId, "reserve-stock") });
    const authorize = await awaiting(orderId, "authorize-payment");
    const declined = { orderId, correlationId: authorize, paymentId: "pay-d", reason: DeclineReason.CARD_DECLINED };
    const messageId = await reply(PaymentDeclinedSchema, declined);
    const release = await awaiting(orderId, "release-reservation");
    // The same message again (redelivery) and a stale success for the declined step: both ignored.
    await reply(PaymentDeclinedSchema, declined, messageId);
    await reply(PaymentAuthorizedSchema, { orderId, correlationId: authorize, paymentId: "pay-d" });
    await reply(ReservationReleasedSchema, { orderId, correlationId: release, reservationId: "res-d" });
    const order = await waitForStatus(svc, orderId, ["FAILED"]);
    expect(order.statusReason).toBe("the payment was declined: card declined");
    expect((await commandsOf(svc, orderId)).map((c) => c.type)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
      "ReleaseReservationCommand",
    ]);
    expect(await statusSequence(orderId)).toEqual(["1:PENDING", "2:FAILED"]);
  });

  it("a customer cancels while PENDING: the step in flight is undone too, then CANCELLED with the reason", async () => {
    const orderId = await placeWithCheckout(svc, ALICE);
    await reply(StockReservationSucceededSchema, { orderId, correlationId: await awaiting(orderId, "reserve-stock") });
    await awaiting(orderId, "authorize-payment");
    const alice = svc.client(svc.tokens.alice);
    const { order } = await alice.cancelOrder({ orderId, reason: "found it cheaper" });
    expect(order).toMatchObject({
      status: OrderStatus.PENDING,
      cancellation: { reason: "found it cheaper", refusal: "" },
    });
    expect((await rpcError(alice.cancelOrder({ orderId }))).code).toBe(Code.FailedPrecondition);
    // The authorisation in flight may still happen: it is voided, then the reservation released.
    await reply(PaymentVoidedSchema, { orderId, correlationId: await awaiting(orderId, "void-payment") });
    await reply(ReservationReleasedSchema, { orderId, correlationId: await awaiting(orderId, "release-reservation") });
    const cancelled = await waitForStatus(svc, orderId, ["CANCELLED"]);
    expect(cancelled).toMatchObject({ statusReason: "found it cheaper", statusSequence: 2 });
    expect((await commandsOf(svc, orderId)).map((c) => c.type).slice(2)).toEqual([
      "VoidPaymentCommand",
      "ReleaseReservationCommand",
    ]);
  });

  it("a step without an answer times out: the saga undoes it and fails; an unanswered compensation is sent again", async () => {
    const orderId = await placeWithCheckout(svc, BOB);
    await reply(StockReservationSucceededSchema, { orderId, correlationId: await awaiting(orderId, "reserve-stock") });
    await awaiting(orderId, "authorize-payment");
    // Eleven minutes later (the default step timeout is ten).
    const later = { ...svc.app.deps, clock: () => new Date(Date.now() + 11 * 60_000) };
    const silent = pino({ level: "silent" });
    while (await timeOutNextDueStep(later, silent));
    expect((await svc.app.deps.orders.load(orderId)).order!.checkout.awaiting).toMatchObject({
      step: "void-payment",
      attempt: 1,
    });
    const muchLater = { ...svc.app.deps, clock: () => new Date(Date.now() + 22 * 60_000) };
    while (await timeOutNextDueStep(muchLater, silent));
    const voids = (await commandsOf(svc, orderId)).filter((c) => c.type === "VoidPaymentCommand");
    expect(voids).toHaveLength(2);
    // Payments comes back: the first void it takes is too late (refused as expired), the second is done.
    await reply(PaymentVoidFailedSchema, {
      orderId,
      correlationId: `${orderId}:void-payment`,
      reason: `VoidPayment ${orderId}:void-payment expired at 2026-12-02T07:00:00.000Z; nothing was done`,
      expired: true,
    });
    await reply(PaymentVoidedSchema, { orderId, correlationId: `${orderId}:void-payment` });
    await reply(ReservationReleasedSchema, { orderId, correlationId: await awaiting(orderId, "release-reservation") });
    const failed = await waitForStatus(svc, orderId, ["FAILED"]);
    expect(failed.statusReason).toBe("authorize-payment got no answer within 10 minutes");
    expect((await commandsOf(svc, orderId)).map((c) => c.type)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
      "VoidPaymentCommand",
      "VoidPaymentCommand",
      "ReleaseReservationCommand",
    ]);
  });

  it("after confirmation: the parcel moves it to SHIPPED and DELIVERED; an admin refunds part, then the rest", async () => {
    const orderId = await placeWithCheckout(svc, ALICE);
    await confirm(orderId);
    const parcel = (newStatus: ShipmentStatus) =>
      reply(ShipmentStatusChangedSchema, {
        orderId,
        shipmentId: "shp-1",
        correlationId: `${orderId}:create-shipment`,
        newStatus,
      });
    await parcel(ShipmentStatus.IN_TRANSIT);
    await waitForStatus(svc, orderId, ["SHIPPED"]);
    await parcel(ShipmentStatus.DELIVERED);
    await waitForStatus(svc, orderId, ["DELIVERED"]);
    const admin = svc.client(svc.tokens.ada);
    // Customers may not refund; more than was paid is refused.
    expect((await rpcError(svc.client(svc.tokens.alice).refundOrder({ orderId }))).code).toBe(Code.PermissionDenied);
    const tooMuch = await rpcError(
      admin.refundOrder({ orderId, amount: { currencyCode: "EUR", amountMinor: TOTAL + 1n } }),
    );
    expect(tooMuch.code).toBe(Code.FailedPrecondition);
    const { order } = await admin.refundOrder({
      orderId,
      amount: { currencyCode: "EUR", amountMinor: 1000n },
      reason: "chipped mug",
    });
    expect(order!.refunds).toEqual([
      expect.objectContaining({ number: 1, state: OrderRefundState.REQUESTED, reason: "chipped mug" }),
    ]);
    const refund1 = await awaiting(orderId, "refund");
    expect(refund1).toBe(`${orderId}:refund:1`);
    const amount = { currencyCode: "EUR", amountMinor: 1000n };
    await reply(PaymentRefundedSchema, { orderId, correlationId: refund1, refundId: "rf-1", amount });
    await until(async () => (await svc.app.deps.views.byId(orderId))?.refundedTotal.amountMinor === 1000n, "refund 1");
    await admin.refundOrder({ orderId });
    const refund2 = await awaiting(orderId, "refund");
    const rest = { currencyCode: "EUR", amountMinor: TOTAL - 1000n };
    expect(fromBinary(RefundPaymentCommandSchema, (await commandsOf(svc, orderId)).at(-1)!.payload)).toMatchObject({
      correlationId: `${orderId}:refund:2`,
      amount: rest,
    });
    await reply(PaymentRefundedSchema, { orderId, correlationId: refund2, refundId: "rf-2", amount: rest });
    const refunded = await until(async () => {
      const { order } = await admin.getOrder({ id: orderId });
      return order!.refundedTotal!.amountMinor === TOTAL && order;
    }, "the full refund");
    expect(refunded).toMatchObject({ status: OrderStatus.DELIVERED, statusSequence: 4n });
    expect(refunded.refunds.map((r) => [r.number, r.state, r.refunded?.amountMinor])).toEqual([
      [1, OrderRefundState.REFUNDED, 1000n],
      [2, OrderRefundState.REFUNDED, TOTAL - 1000n],
    ]);
    expect((await rpcError(admin.refundOrder({ orderId }))).code).toBe(Code.FailedPrecondition);
    expect(await statusSequence(orderId)).toEqual(["1:PENDING", "2:CONFIRMED", "3:SHIPPED", "4:DELIVERED"]);
    // The graph shows the same to the customer.
    const graph = await svc.graphql<{ order: unknown }>(
      `{ order(id: "${orderId}") { status awaitedStep refundedTotal { amount } refunds { number state refunded { amount } } } }`,
      {},
      svc.tokens.alice,
    );
    expect(graph.body.data?.order).toEqual({
      status: "DELIVERED",
      awaitedStep: null,
      refundedTotal: { amount: "49.94" },
      refunds: [
        { number: 1, state: "REFUNDED", refunded: { amount: "10.00" } },
        { number: 2, state: "REFUNDED", refunded: { amount: "39.94" } },
      ],
    });
  });

  it("a confirmed order's cancellation: cancel the parcel, refund, return the stock, CANCELLED; a parcel in transit refuses it", async () => {
    const orderId = await placeWithCheckout(svc, ALICE);
    await confirm(orderId);
    await svc.client(svc.tokens.alice).cancelOrder({ orderId, reason: "not needed" });
    await reply(ShipmentCancelledSchema, { orderId, correlationId: await awaiting(orderId, "cancel-shipment") });
    const refund = await awaiting(orderId, "refund");
    await reply(PaymentRefundedSchema, {
      orderId,
      correlationId: refund,
      amount: { currencyCode: "EUR", amountMinor: TOTAL },
    });
    await reply(StockReturnedSchema, { orderId, correlationId: await awaiting(orderId, "return-stock") });
    const cancelled = await waitForStatus(svc, orderId, ["CANCELLED"]);
    expect(cancelled).toMatchObject({ statusReason: "not needed", refundedTotal: { amountMinor: TOTAL } });
    expect((await commandsOf(svc, orderId)).map((c) => c.type).slice(5)).toEqual([
      "CancelShipmentCommand",
      "RefundPaymentCommand",
      "ReturnStockCommand",
    ]);

    const inTransit = await placeWithCheckout(svc, BOB);
    await confirm(inTransit);
    // An admin cancels bob's order; the carrier already has the parcel.
    await svc.client(svc.tokens.ada).cancelOrder({ orderId: inTransit });
    await reply(ShipmentCancelRefusedSchema, {
      orderId: inTransit,
      correlationId: await awaiting(inTransit, "cancel-shipment"),
      status: ShipmentStatus.IN_TRANSIT,
      reason: "shipment shp-1 is in transit; it can no longer be cancelled",
    });
    const refused = await until(async () => {
      const order = await svc.app.deps.views.byId(inTransit);
      return order?.cancellation?.refusal && order;
    }, "the refusal");
    expect(refused).toMatchObject({
      status: "CONFIRMED",
      cancellation: { reason: "cancelled by an admin", refusal: expect.stringContaining("in transit") },
    });
    expect((await commandsOf(svc, inTransit)).map((c) => c.type).slice(5)).toEqual(["CancelShipmentCommand"]);
  });

  it("several deadline workers at once time each due step out exactly once", async () => {
    const orderIds = await Promise.all(
      Array.from({ length: 6 }, (_, i) => placeWithCheckout(svc, i % 2 ? ALICE : BOB)),
    );
    const later = { ...svc.app.deps, clock: () => new Date(Date.now() + 11 * 60_000) };
    const silent = pino({ level: "silent" });
    const worker = async () => {
      while (await timeOutNextDueStep(later, silent));
    };
    await Promise.all([worker(), worker(), worker()]);
    for (const orderId of orderIds) {
      const history = await svc.app.deps.orders.history(orderId);
      expect(history.filter((e) => e.event.type === "OrderStepTimedOut")).toHaveLength(1);
      expect((await svc.app.deps.orders.load(orderId)).order!.checkout.awaiting).toMatchObject({
        step: "release-reservation",
        attempt: 1,
      });
      expect((await commandsOf(svc, orderId)).map((c) => c.type)).toEqual([
        "ReserveStockCommand",
        "ReleaseReservationCommand",
      ]);
    }
  });

  it("a reply decided in the inbox transaction that loses a race reloads in a savepoint and decides again", async () => {
    const orderId = await placeWithCheckout(svc, BOB);
    const reserve = `${orderId}:reserve-stock`;
    let reached!: () => void;
    const atAppend = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const decided: string[] = [];
    const messageId = uuidv7();
    const handling = inTransaction(svc.app.pool, async (client) => {
      // As the consumer does: the inbox row first, then the decision over the same transaction.
      await client.query("INSERT INTO inbox (consumer, message_id, event_type) VALUES ('orders', $1, 'spec')", [
        messageId,
      ]);
      const inner = new PgOrderStoreInTransaction(client, 50);
      let first = true;
      const pausing: OrderStore = {
        load: (id) => inner.load(id),
        history: (id) => inner.history(id),
        transaction: (work) =>
          inner.transaction((tx) => {
            // The real transaction, noting what each attempt loaded.
            const held = Object.create(tx) as OrderTransaction;
            held.load = async (id) => {
              const loaded = await tx.load(id);
              decided.push(loaded.order!.checkout.awaiting!.step);
              return loaded;
            };
            // Held before its first write, so the cancellation below commits first.
            held.setDeadline = async (...args) => {
              if (first) {
                first = false;
                reached();
                await released;
              }
              return tx.setDeadline(...args);
            };
            return work(held);
          }),
      };
      return takeCheckoutNews(svc.app.deps, pausing, { requestId: messageId }, orderId, {
        kind: "succeeded",
        correlationId: reserve,
      });
    });
    await atAppend;
    // Meanwhile the customer cancels: the reservation in flight is to be released.
    await svc.client(svc.tokens.bob).cancelOrder({ orderId, reason: "race" });
    release();
    const outcome = await handling;
    // The first attempt decided on a stale order and conflicted; the second saw the cancellation.
    expect(decided).toEqual(["reserve-stock", "release-reservation"]);
    expect(outcome).toMatchObject({ ignored: expect.stringContaining(reserve) });
    expect(await count("SELECT count(*)::int AS n FROM inbox WHERE message_id = $1", [messageId])).toBe(1);
    expect((await commandsOf(svc, orderId)).map((c) => c.type)).toEqual([
      "ReserveStockCommand",
      "ReleaseReservationCommand",
    ]);
  });
});

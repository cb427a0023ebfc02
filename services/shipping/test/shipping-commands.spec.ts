import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  CancelShipmentCommandSchema,
  CreateShipmentCommandSchema,
  file_emporium_shipping_v1_commands,
  ShipmentCancelRefusedSchema,
} from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import {
  file_emporium_shipping_v1_events,
  ShipmentCancelledSchema,
  ShipmentCreatedSchema,
  ShipmentFailedSchema,
} from "@emporium/contracts/emporium/shipping/v1/events_pb";
import { ShipmentStatus } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { inTransaction, type Arrival, type CommandAnswer } from "@emporium/platform";
import { lastSeq, payloadAs, recordedEvents, recordedSince, type RecordedEvent } from "@emporium/testing";
import { answerCancelShipment, answerCreateShipment } from "../src/application/shipping-commands";
import type { ShippingDeps } from "../src/application/shipping-deps";
import { QUOTE_VALIDITY_MS } from "../src/domain/shipping-quote";
import { depsInTransaction } from "../src/events/shipping-commands";
import { ALICE, CARRIER_STEP_MS, startShipping, type RunningShipping } from "./shipping-harness";

const SCHEMAS = [...file_emporium_shipping_v1_events.messages, ...file_emporium_shipping_v1_commands.messages];
const IN_TIME: Arrival = { expired: false };
const EXPIRED: Arrival = { expired: true };
const BERLIN = { countryCode: "DE", postalCode: "10115" };
const NOWHERE = { countryCode: "DE", postalCode: "00000" };

type Handler<Desc extends DescMessage> = (
  deps: ShippingDeps,
  cmd: ReturnType<typeof create<Desc>>,
  arrival: Arrival,
) => Promise<CommandAnswer>;

let orderCounter = 0;
const freshOrderId = () => `order-${process.pid}-${++orderCounter}`;

describe("shipping answers the checkout saga's commands", () => {
  let svc: RunningShipping;
  beforeAll(async () => {
    // Quotes are stored directly: these specs are about the commands, not about pricing.
    svc = await startShipping({}, { withoutCatalog: true });
  });
  afterAll(() => svc?.stop());

  const events = () => recordedEvents(svc.app.pool, SCHEMAS);

  /**
   * Answers a command as the consumer does: in one transaction (the one that would hold the inbox
   * row), with the repository bound to it. Returns the reply it recorded.
   */
  async function send<Desc extends DescMessage>(
    handler: Handler<Desc>,
    schema: Desc,
    fields: MessageInitShape<Desc>,
    arrival = IN_TIME,
  ): Promise<RecordedEvent> {
    const seq = lastSeq(await events());
    const expireTime = timestampFromDate(new Date(svc.clock.now().getTime() + 3600_000));
    const cmd = create(schema, { expireTime, ...fields } as MessageInitShape<Desc>);
    const answer = await inTransaction(svc.app.pool, (tx) =>
      handler(depsInTransaction(svc.app.deps, tx), cmd, arrival),
    );
    const replies = recordedSince(await events(), seq);
    expect(replies.map((r) => r.eventType)).toEqual([answer.reply]);
    return replies[0]!;
  }

  /** A stored quote to the destination, good for 30 minutes of the test clock. */
  async function quoteTo(destination = BERLIN): Promise<string> {
    const now = svc.clock.now();
    const id = `quote-${process.pid}-${++orderCounter}`;
    await svc.app.deps.shipping.insertQuote({
      id,
      requestedBy: ALICE,
      destination,
      serviceLevel: "STANDARD",
      weightGrams: 1200,
      price: { currency: "EUR", amountMinor: 690n },
      createTime: now,
      expireTime: new Date(now.getTime() + QUOTE_VALIDITY_MS),
    });
    return id;
  }

  const address = (destination = BERLIN) => ({
    recipientName: "Alice Example",
    line1: "Invalidenstr. 1",
    city: "Berlin",
    ...destination,
  });
  const createFor = async (
    orderId: string,
    options: { destination?: typeof BERLIN; quoteId?: string; arrival?: Arrival; correlationId?: string } = {},
  ) =>
    send(
      answerCreateShipment,
      CreateShipmentCommandSchema,
      {
        orderId,
        correlationId: options.correlationId ?? `${orderId}:create-shipment`,
        customerId: ALICE,
        quoteId: options.quoteId ?? (await quoteTo(options.destination)),
        address: address(options.destination),
      },
      options.arrival,
    );
  const cancel = (orderId: string, arrival = IN_TIME) =>
    send(
      answerCancelShipment,
      CancelShipmentCommandSchema,
      { orderId, correlationId: `${orderId}:cancel-shipment`, reason: "payment declined" },
      arrival,
    );

  const shipmentsOf = async (orderId: string) =>
    (
      await svc.app.pool.query<{ id: string; status: string; quote_id: string }>(
        "SELECT id, status, quote_id FROM shipments WHERE order_id = $1 ORDER BY create_time",
        [orderId],
      )
    ).rows;

  describe("CreateShipmentCommand", () => {
    it("books the parcel with the correlation id as the key: ShipmentCreated for the order's step", async () => {
      const orderId = freshOrderId();
      const reply = await createFor(orderId);
      const [shipment] = await shipmentsOf(orderId);
      expect(shipment).toMatchObject({ status: "LABEL_CREATED" });
      expect(reply).toMatchObject({ aggregateId: shipment!.id, aggregateVersion: 1n });
      expect(payloadAs(reply, ShipmentCreatedSchema)).toMatchObject({
        shipmentId: shipment!.id,
        orderId,
        correlationId: `${orderId}:create-shipment`,
        quoteId: shipment!.quote_id,
      });
    });

    it("answers the carrier's refusal (postal code 00000) with ShipmentFailed; the shipment is FAILED", async () => {
      const orderId = freshOrderId();
      const reply = payloadAs(await createFor(orderId, { destination: NOWHERE }), ShipmentFailedSchema);
      expect(reply).toMatchObject({ orderId, reason: "the carrier does not deliver to postal code 00000" });
      expect(await shipmentsOf(orderId)).toEqual([expect.objectContaining({ id: reply.shipmentId, status: "FAILED" })]);
    });

    it("fails a quote that cannot be shipped (unknown, or for another address), booking nothing", async () => {
      const unknown = freshOrderId();
      const noQuote = payloadAs(await createFor(unknown, { quoteId: "no-such-quote" }), ShipmentFailedSchema);
      expect(noQuote).toMatchObject({ shipmentId: "", reason: expect.stringContaining("no-such-quote") });
      const elsewhere = freshOrderId();
      const quoteId = await quoteTo({ countryCode: "AT", postalCode: "1010" });
      const mismatch = payloadAs(await createFor(elsewhere, { quoteId }), ShipmentFailedSchema);
      expect(mismatch.reason).toMatch(/the quote is for AT/);
      expect([...(await shipmentsOf(unknown)), ...(await shipmentsOf(elsewhere))]).toEqual([]);
    });

    it("fails an expired command and books nothing; a re-send in time books", async () => {
      const orderId = freshOrderId();
      const reply = await createFor(orderId, { arrival: EXPIRED });
      expect(reply.aggregateId).toBe(orderId);
      expect(payloadAs(reply, ShipmentFailedSchema)).toMatchObject({
        shipmentId: "",
        correlationId: `${orderId}:create-shipment`,
        reason: expect.stringMatching(/^CreateShipmentCommand .* expired at .*; nothing was done$/),
        expired: true,
      });
      expect(await shipmentsOf(orderId)).toEqual([]);
      expect((await createFor(orderId)).eventType).toBe(ShipmentCreatedSchema.typeName);
    });

    it("keeps one shipment per order: another step for the order answers with it", async () => {
      const orderId = freshOrderId();
      const first = payloadAs(await createFor(orderId), ShipmentCreatedSchema);
      const other = await createFor(orderId, { correlationId: `${orderId}:create-shipment-again` });
      expect(payloadAs(other, ShipmentCreatedSchema)).toEqual({
        ...first,
        correlationId: `${orderId}:create-shipment-again`,
      });
      expect(await shipmentsOf(orderId)).toHaveLength(1);
    });
  });

  describe("CancelShipmentCommand", () => {
    it("cancels a shipment whose label is created: ShipmentCancelled", async () => {
      const orderId = freshOrderId();
      await createFor(orderId);
      const reply = await cancel(orderId);
      const [shipment] = await shipmentsOf(orderId);
      expect(shipment).toMatchObject({ status: "CANCELLED" });
      expect(payloadAs(reply, ShipmentCancelledSchema)).toEqual(
        expect.objectContaining({ shipmentId: shipment!.id, orderId, correlationId: `${orderId}:cancel-shipment` }),
      );
    });

    it("before the shipment leaves a tombstone: the late CreateShipmentCommand fails and books nothing", async () => {
      const orderId = freshOrderId();
      const cancelled = await cancel(orderId);
      expect(cancelled.aggregateId).toBe(orderId);
      expect(payloadAs(cancelled, ShipmentCancelledSchema)).toMatchObject({ shipmentId: "", orderId });

      const quoteId = await quoteTo();
      const late = payloadAs(await createFor(orderId, { quoteId }), ShipmentFailedSchema);
      expect(late).toMatchObject({
        shipmentId: "",
        reason: expect.stringMatching(/was cancelled .* before it was created/),
        expired: false,
      });
      expect(await shipmentsOf(orderId)).toEqual([]);
      const { rows } = await svc.app.pool.query("SELECT 1 FROM shipments WHERE quote_id = $1", [quoteId]);
      expect(rows).toEqual([]);
    });

    it("refuses a parcel in transit: ShipmentCancelRefused with its status", async () => {
      const orderId = freshOrderId();
      await createFor(orderId);
      svc.clock.advance(CARRIER_STEP_MS);
      await svc.carrierRound();
      const reply = payloadAs(await cancel(orderId), ShipmentCancelRefusedSchema);
      expect(reply).toMatchObject({
        orderId,
        correlationId: `${orderId}:cancel-shipment`,
        status: ShipmentStatus.IN_TRANSIT,
        reason: expect.stringMatching(/is in transit/),
        expired: false,
      });
      expect(await shipmentsOf(orderId)).toEqual([expect.objectContaining({ status: "IN_TRANSIT" })]);
    });

    it("needs nothing for a failed shipment: ShipmentCancelled", async () => {
      const orderId = freshOrderId();
      const failed = payloadAs(await createFor(orderId, { destination: NOWHERE }), ShipmentFailedSchema);
      expect(payloadAs(await cancel(orderId), ShipmentCancelledSchema).shipmentId).toBe(failed.shipmentId);
    });

    it("when expired, is refused and changes nothing, tombstone included; a re-send in time cancels", async () => {
      const orderId = freshOrderId();
      await createFor(orderId);
      const refused = payloadAs(await cancel(orderId, EXPIRED), ShipmentCancelRefusedSchema);
      // Orders reads these words: a compensation taken too late is no refusal, it waits for the re-send.
      expect(refused).toMatchObject({
        status: ShipmentStatus.LABEL_CREATED,
        reason: expect.stringMatching(/^CancelShipmentCommand \S+ expired at [^;]+; nothing was done$/),
        expired: true,
      });
      expect(await shipmentsOf(orderId)).toEqual([expect.objectContaining({ status: "LABEL_CREATED" })]);

      const empty = freshOrderId();
      expect((await cancel(empty, EXPIRED)).eventType).toBe(ShipmentCancelRefusedSchema.typeName);
      expect((await createFor(empty)).eventType).toBe(ShipmentCreatedSchema.typeName);
      expect((await cancel(empty)).eventType).toBe(ShipmentCancelledSchema.typeName);
    });
    it("a cancellation racing its creation never leaves a parcel booked: the order's lock orders them", async () => {
      const orderIds = Array.from({ length: 8 }, () => freshOrderId());
      const expireTime = timestampFromDate(new Date(svc.clock.now().getTime() + 3600_000));
      const answer = <C>(handler: (deps: ShippingDeps, cmd: C, arrival: Arrival) => Promise<CommandAnswer>, cmd: C) =>
        inTransaction(svc.app.pool, (tx) => handler(depsInTransaction(svc.app.deps, tx), cmd, IN_TIME));
      const quotes = await Promise.all(orderIds.map(() => quoteTo()));
      await Promise.all(
        orderIds.flatMap((orderId, i) => [
          answer(
            answerCreateShipment,
            create(CreateShipmentCommandSchema, {
              orderId,
              correlationId: `${orderId}:create-shipment`,
              expireTime,
              customerId: ALICE,
              quoteId: quotes[i]!,
              address: address(),
            }),
          ),
          answer(
            answerCancelShipment,
            create(CancelShipmentCommandSchema, { orderId, correlationId: `${orderId}:cancel-shipment`, expireTime }),
          ),
        ]),
      );
      const { rows } = await svc.app.pool.query("SELECT status FROM shipments WHERE order_id = ANY($1)", [orderIds]);
      expect(rows.filter((r: { status: string }) => r.status !== "CANCELLED")).toEqual([]);
    });
  });

  it("the reply continues the command's trace", async () => {
    const orderId = freshOrderId();
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const expireTime = timestampFromDate(new Date(svc.clock.now().getTime() + 3600_000));
    const cmd = create(CreateShipmentCommandSchema, {
      orderId,
      correlationId: `${orderId}:create-shipment`,
      expireTime,
      customerId: ALICE,
      quoteId: await quoteTo(),
      address: address(),
    });
    await inTransaction(svc.app.pool, (tx) =>
      answerCreateShipment(depsInTransaction(svc.app.deps, tx, traceparent), cmd, IN_TIME),
    );
    const { rows } = await svc.app.pool.query(
      "SELECT traceparent FROM outbox WHERE aggregate_id IN (SELECT id FROM shipments WHERE order_id = $1)",
      [orderId],
    );
    expect(rows).toEqual([{ traceparent }]);
  });

  it("every command delivered twice changes nothing: the state stays, the replies repeat", async () => {
    const orders = {
      shipped: freshOrderId(),
      refused: freshOrderId(),
      cancelledFirst: freshOrderId(),
      cancelled: freshOrderId(),
      inTransit: freshOrderId(),
    };
    const quotes = {
      shipped: await quoteTo(),
      refused: await quoteTo(NOWHERE),
      cancelledFirst: await quoteTo(),
      cancelled: await quoteTo(),
      inTransit: await quoteTo(),
    };
    const saga: Array<() => Promise<RecordedEvent>> = [
      () => createFor(orders.shipped, { quoteId: quotes.shipped }),
      () => createFor(orders.refused, { quoteId: quotes.refused, destination: NOWHERE }),
      () => cancel(orders.refused),
      () => cancel(orders.cancelledFirst),
      () => createFor(orders.cancelledFirst, { quoteId: quotes.cancelledFirst }),
      () => createFor(orders.cancelled, { quoteId: quotes.cancelled }),
      () => cancel(orders.cancelled),
      () => createFor(orders.inTransit, { quoteId: quotes.inTransit }),
    ];
    const firstReplies: RecordedEvent[] = [];
    for (const command of saga) firstReplies.push(await command());
    // One shipment moves on; cancelling it is refused, and so is the same cancellation again.
    svc.clock.advance(CARRIER_STEP_MS);
    await svc.carrierRound();
    saga.push(() => cancel(orders.inTransit));
    firstReplies.push(await saga.at(-1)!());

    const state = async () => {
      const ids = Object.values(orders);
      const table = async (sql: string) => (await svc.app.pool.query(sql, [ids])).rows;
      return {
        shipments: await table("SELECT * FROM shipments WHERE order_id = ANY($1) ORDER BY id"),
        tombstones: await table("SELECT * FROM cancelled_orders WHERE order_id = ANY($1) ORDER BY order_id"),
      };
    };
    const before = await state();
    for (const [i, command] of saga.entries()) {
      const again = await command();
      expect([again.eventType, again.aggregateId, again.payload]).toEqual([
        firstReplies[i]!.eventType,
        firstReplies[i]!.aggregateId,
        firstReplies[i]!.payload,
      ]);
    }
    expect(await state()).toEqual(before);
  });
});

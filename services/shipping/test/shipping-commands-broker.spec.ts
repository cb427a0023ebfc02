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
import {
  consumedMessages,
  captureEvents,
  createTestVhost,
  recordedEvents,
  sendCommand,
  type CommandToSend,
  type EventCapture,
  type TestVhost,
} from "@emporium/testing";
import { QUOTE_VALIDITY_MS } from "../src/domain/shipping-quote";
import { ALICE, CARRIER_STEP_MS, startShipping, type RunningShipping } from "./shipping-harness";

const SCHEMAS = [...file_emporium_shipping_v1_events.messages, ...file_emporium_shipping_v1_commands.messages];
const BERLIN = { countryCode: "DE", postalCode: "10115" };

let counter = 0;
const freshOrderId = () => `order-${process.pid}-${++counter}`;

/** The wiring through a real broker: shipping.commands in, the reply out on emporium.events. */
describe("shipping takes the saga's commands from RabbitMQ", () => {
  let vhost: TestVhost;
  let svc: RunningShipping;
  let replies: EventCapture;
  beforeAll(async () => {
    vhost = await createTestVhost("shipping");
    svc = await startShipping({ EMPORIUM_SHIPPING_AMQP_URL: vhost.url }, { withoutCatalog: true });
    replies = await captureEvents(vhost.url, SCHEMAS);
  }, 120_000);
  afterAll(async () => {
    await replies?.close();
    await svc?.stop();
    await vhost?.drop();
  });

  /** A stored quote (these specs are about the commands, not about pricing). */
  async function quoteTo(destination = BERLIN): Promise<string> {
    const now = svc.clock.now();
    const id = `quote-${process.pid}-${++counter}`;
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
  /** Expiry is judged by shipping's clock, the test's. */
  const inAnHour = () => timestampFromDate(new Date(svc.clock.now().getTime() + 3600_000));
  const createCommand = async (orderId: string) => ({
    schema: CreateShipmentCommandSchema,
    aggregateId: orderId,
    payload: {
      orderId,
      correlationId: `${orderId}:create-shipment`,
      expireTime: inAnHour(),
      customerId: ALICE,
      quoteId: await quoteTo(),
      address: { recipientName: "Alice Example", line1: "Invalidenstr. 1", city: "Berlin", ...BERLIN },
    },
  });
  const recordedFor = async (correlationId: string) =>
    (await recordedEvents(svc.app.pool, SCHEMAS)).filter(
      (e) => (e.payload as { correlationId?: string }).correlationId === correlationId,
    );
  const shipmentsOf = async (orderId: string) =>
    (await svc.app.pool.query("SELECT * FROM shipments WHERE order_id = $1 ORDER BY id", [orderId])).rows;
  /** How many command messages the consumer handled with this outcome (its /metrics). */
  const consumed = (outcome: string) => consumedMessages(svc.httpUrl, "shipping.commands", outcome);

  it("answers CreateShipmentCommand on emporium.events; the same message delivered twice is handled once", async () => {
    const orderId = freshOrderId();
    const command = await createCommand(orderId);
    const duplicatesBefore = await consumed("duplicate");
    const messageId = await sendCommand(vhost.url, command);
    await sendCommand(vhost.url, { ...command, messageId });

    const reply = await replies.next(ShipmentCreatedSchema, (p) => p.orderId === orderId);
    const [shipment] = await shipmentsOf(orderId);
    expect(reply.payload).toMatchObject({ shipmentId: shipment.id, correlationId: `${orderId}:create-shipment` });
    expect(reply.envelope).toMatchObject({ source: "/emporium/shipping", aggregateId: shipment.id });
    await until(async () => (await consumed("duplicate")) > duplicatesBefore, "the duplicate to be dropped");
    expect(await recordedFor(`${orderId}:create-shipment`)).toHaveLength(1);
    expect(await shipmentsOf(orderId)).toHaveLength(1);
  });

  it("answers the same step sent again as a new message with the first reply, changing nothing", async () => {
    const orderId = freshOrderId();
    const command = await createCommand(orderId);
    await sendCommand(vhost.url, command);
    const first = await replies.next(ShipmentCreatedSchema, (p) => p.orderId === orderId);
    const state = await shipmentsOf(orderId);

    await sendCommand(vhost.url, command);
    const again = await replies.next(ShipmentCreatedSchema, (p) => p.orderId === orderId);
    expect(again.envelope.id).not.toBe(first.envelope.id);
    expect(again.payload).toEqual(first.payload);
    expect(await shipmentsOf(orderId)).toEqual(state);
  });

  it("cancel before create: ShipmentCancelled, then the late create fails and books nothing", async () => {
    const orderId = freshOrderId();
    await sendCommand(vhost.url, {
      schema: CancelShipmentCommandSchema,
      aggregateId: orderId,
      payload: { orderId, correlationId: `${orderId}:cancel-shipment`, expireTime: inAnHour(), reason: "declined" },
    });
    const cancelled = await replies.next(ShipmentCancelledSchema, (p) => p.orderId === orderId);
    expect(cancelled.payload).toMatchObject({ shipmentId: "", correlationId: `${orderId}:cancel-shipment` });

    await sendCommand(vhost.url, await createCommand(orderId));
    const failed = await replies.next(ShipmentFailedSchema, (p) => p.orderId === orderId);
    expect(failed.payload).toMatchObject({ shipmentId: "", reason: expect.stringMatching(/was cancelled/) });
    expect(await shipmentsOf(orderId)).toEqual([]);
  });

  it("every command delivered twice (same message id) changes nothing: one reply and one effect each", async () => {
    const [cancelled, refused, cancelledFirst, inTransit] = [
      freshOrderId(),
      freshOrderId(),
      freshOrderId(),
      freshOrderId(),
    ];
    /** A command of the saga and the reply it must get. */
    interface Step {
      command: CommandToSend<DescMessage>;
      correlationId: string;
      reply: DescMessage;
    }
    const step = <Desc extends DescMessage>(
      schema: Desc,
      orderId: string,
      name: string,
      fields: MessageInitShape<Desc>,
      reply: DescMessage,
    ): Step => {
      const correlationId = `${orderId}:${name}`;
      // Every command's own three fields, the same for all of them.
      const payload = Object.assign(create(schema, fields), { orderId, correlationId, expireTime: inAnHour() });
      return { command: { schema, aggregateId: orderId, payload }, correlationId, reply };
    };
    const createStep = async (orderId: string, reply: DescMessage, destination = BERLIN) =>
      step(
        CreateShipmentCommandSchema,
        orderId,
        "create-shipment",
        {
          customerId: ALICE,
          quoteId: await quoteTo(destination),
          address: { recipientName: "Alice Example", line1: "Invalidenstr. 1", city: "Berlin", ...destination },
        },
        reply,
      );
    const cancelStep = (orderId: string, reply: DescMessage) =>
      step(CancelShipmentCommandSchema, orderId, "cancel-shipment", { reason: "declined" }, reply);
    const deliverTwice = async ({ command, correlationId, reply }: Step) => {
      const duplicatesBefore = await consumed("duplicate");
      const messageId = await sendCommand(vhost.url, command);
      await sendCommand(vhost.url, { ...command, messageId });
      await replies.next(reply, (p) => (p as { correlationId?: string }).correlationId === correlationId);
      await until(async () => (await consumed("duplicate")) > duplicatesBefore, `the duplicate ${correlationId}`);
      expect(await recordedFor(correlationId)).toHaveLength(1);
    };

    await deliverTwice(await createStep(cancelled, ShipmentCreatedSchema));
    await deliverTwice(cancelStep(cancelled, ShipmentCancelledSchema));
    await deliverTwice(await createStep(refused, ShipmentFailedSchema, { countryCode: "DE", postalCode: "00000" }));
    await deliverTwice(cancelStep(cancelledFirst, ShipmentCancelledSchema));
    await deliverTwice(await createStep(cancelledFirst, ShipmentFailedSchema));
    await deliverTwice(await createStep(inTransit, ShipmentCreatedSchema));
    svc.clock.advance(CARRIER_STEP_MS);
    await svc.carrierRound();
    await deliverTwice(cancelStep(inTransit, ShipmentCancelRefusedSchema));

    const statuses = async (orderId: string) => (await shipmentsOf(orderId)).map((s: { status: string }) => s.status);
    expect(await statuses(cancelled)).toEqual(["CANCELLED"]);
    expect(await statuses(refused)).toEqual(["FAILED"]);
    expect(await statuses(cancelledFirst)).toEqual([]);
    expect(await statuses(inTransit)).toEqual(["IN_TRANSIT"]);
  });

  it("dead-letters a command that names no step (no correlation id), answering nothing", async () => {
    const orderId = freshOrderId();
    const rejectedBefore = await consumed("dead-lettered:rejected");
    const command = await createCommand(orderId);
    await sendCommand(vhost.url, { ...command, payload: { ...command.payload, correlationId: "" } });
    await until(async () => (await consumed("dead-lettered:rejected")) > rejectedBefore, "the dead letter");
    const recorded = await recordedEvents(svc.app.pool, SCHEMAS);
    expect(recorded.filter((e) => (e.payload as { orderId?: string }).orderId === orderId)).toEqual([]);
    expect(await shipmentsOf(orderId)).toEqual([]);
  });

  it("fails a command taken after its expire_time, booking nothing", async () => {
    const orderId = freshOrderId();
    const command = await createCommand(orderId);
    const expireTime = timestampFromDate(new Date(svc.clock.now().getTime() - 1000));
    await sendCommand(vhost.url, { ...command, payload: { ...command.payload, expireTime } });
    const failed = await replies.next(ShipmentFailedSchema, (p) => p.orderId === orderId);
    expect(failed.payload.reason).toMatch(/expired/);
    expect(await shipmentsOf(orderId)).toEqual([]);
  });
});

/** Polls until `check` holds (no fixed sleeps; the timeout only bounds a failure). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  AuthorizePaymentCommandSchema,
  CapturePaymentCommandSchema,
  PaymentVoidFailedSchema,
  RefundPaymentCommandSchema,
  VoidPaymentCommandSchema,
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
  clearFaults,
  consumedMessages,
  captureEvents,
  createTestVhost,
  setFaults,
  sendCommand,
  type CommandToSend,
  type EventCapture,
  type TestVhost,
} from "@emporium/testing";
import { ALICE, eur, freshOrderId, PAYMENT_EVENTS, startPayments, type RunningPayments } from "./payments-harness";

/** The wiring through a real broker: payments.commands in, the reply out on emporium.events. */
describe("payments takes the saga's commands from RabbitMQ", () => {
  let vhost: TestVhost;
  let svc: RunningPayments;
  let replies: EventCapture;
  beforeAll(async () => {
    vhost = await createTestVhost("payments");
    svc = await startPayments({ EMPORIUM_PAYMENTS_AMQP_URL: vhost.url });
    replies = await captureEvents(vhost.url, PAYMENT_EVENTS);
  }, 120_000);
  afterAll(async () => {
    await replies?.close();
    await svc?.stop();
    await vhost?.drop();
  });

  const authorizeCommand = (orderId: string, expireTime: Date, paymentMethodToken = "tok_approve") => ({
    schema: AuthorizePaymentCommandSchema,
    aggregateId: orderId,
    payload: {
      orderId,
      correlationId: `${orderId}:authorize-payment`,
      expireTime: timestampFromDate(expireTime),
      customerId: ALICE,
      amount: eur(2500n),
      paymentMethodToken,
    },
  });
  const inAnHour = () => new Date(Date.now() + 3600_000);
  /** The replies payments recorded for a step, straight from its outbox. */
  const recordedFor = async (correlationId: string) =>
    (await svc.events()).filter((e) => (e.payload as { correlationId?: string }).correlationId === correlationId);
  const paymentsOf = async (orderId: string) =>
    (await svc.app.pool.query("SELECT * FROM payments WHERE order_id = $1 ORDER BY id", [orderId])).rows;
  /** How many command messages the consumer handled with this outcome (its /metrics). */
  const consumed = (outcome: string) => consumedMessages(svc.httpUrl, "payments.commands", outcome);

  it("answers AuthorizePaymentCommand on emporium.events; the same message twice is handled once", async () => {
    const orderId = freshOrderId();
    const command = authorizeCommand(orderId, inAnHour());
    const duplicatesBefore = await consumed("duplicate");
    const messageId = await sendCommand(vhost.url, command);
    await sendCommand(vhost.url, { ...command, messageId });

    const reply = await replies.next(PaymentAuthorizedSchema, (p) => p.orderId === orderId);
    const [payment] = await paymentsOf(orderId);
    expect(reply.payload).toMatchObject({ paymentId: payment.id, correlationId: `${orderId}:authorize-payment` });
    expect(reply.envelope).toMatchObject({ source: "/emporium/payments", aggregateId: payment.id });
    await until(async () => (await consumed("duplicate")) > duplicatesBefore, "the duplicate to be dropped");
    expect(await recordedFor(`${orderId}:authorize-payment`)).toHaveLength(1);
    expect(await paymentsOf(orderId)).toHaveLength(1);
  });

  it("answers the same step sent again as a new message with the first reply, changing nothing", async () => {
    const orderId = freshOrderId();
    const command = authorizeCommand(orderId, inAnHour());
    await sendCommand(vhost.url, command);
    const first = await replies.next(PaymentAuthorizedSchema, (p) => p.orderId === orderId);
    const state = await paymentsOf(orderId);

    await sendCommand(vhost.url, command);
    const again = await replies.next(PaymentAuthorizedSchema, (p) => p.orderId === orderId);
    expect(again.envelope.id).not.toBe(first.envelope.id);
    expect(again.payload).toEqual(first.payload);
    expect(await paymentsOf(orderId)).toEqual(state);
  });

  it("declines a command taken after its expire_time without authorising", async () => {
    const orderId = freshOrderId();
    await sendCommand(vhost.url, authorizeCommand(orderId, new Date(Date.now() - 1000)));
    const reply = await replies.next(PaymentDeclinedSchema, (p) => p.orderId === orderId);
    expect(reply.payload).toMatchObject({ paymentId: "", reason: DeclineReason.EXPIRED });
    expect(await paymentsOf(orderId)).toEqual([]);
  });

  it("every command delivered twice (same message id) changes nothing: one reply and one effect each", async () => {
    const paid = freshOrderId();
    const voidedFirst = freshOrderId();
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
      const payload = Object.assign(create(schema, fields), {
        orderId,
        correlationId,
        expireTime: timestampFromDate(inAnHour()),
      });
      return { command: { schema, aggregateId: orderId, payload }, correlationId, reply };
    };
    const authorizeStep = (orderId: string, reply: DescMessage = PaymentAuthorizedSchema) =>
      step(
        AuthorizePaymentCommandSchema,
        orderId,
        "authorize-payment",
        { customerId: ALICE, amount: eur(2500n), paymentMethodToken: "tok_approve" },
        reply,
      );
    const saga: Step[] = [
      authorizeStep(paid),
      step(CapturePaymentCommandSchema, paid, "capture-payment", {}, PaymentCapturedSchema),
      step(RefundPaymentCommandSchema, paid, "refund:1", { amount: eur(1000n) }, PaymentRefundedSchema),
      step(RefundPaymentCommandSchema, paid, "refund:2", {}, PaymentRefundedSchema),
      step(VoidPaymentCommandSchema, paid, "void-payment", {}, PaymentVoidFailedSchema),
      step(VoidPaymentCommandSchema, voidedFirst, "void-payment", {}, PaymentVoidedSchema),
      authorizeStep(voidedFirst, PaymentDeclinedSchema),
    ];
    for (const { command, correlationId, reply } of saga) {
      const duplicatesBefore = await consumed("duplicate");
      const messageId = await sendCommand(vhost.url, command);
      await sendCommand(vhost.url, { ...command, messageId });
      await replies.next(reply, (p) => (p as { correlationId?: string }).correlationId === correlationId);
      await until(async () => (await consumed("duplicate")) > duplicatesBefore, `the duplicate ${correlationId}`);
      expect(await recordedFor(correlationId)).toHaveLength(1);
    }
    const [payment] = await paymentsOf(paid);
    expect(payment).toMatchObject({ status: "REFUNDED", captured_minor: "2500", refunded_minor: "2500" });
    const { rows: refunds } = await svc.app.pool.query("SELECT amount_minor FROM refunds WHERE payment_id = $1", [
      payment.id,
    ]);
    expect(refunds.map((r: { amount_minor: string }) => r.amount_minor).sort()).toEqual(["1000", "1500"]);
    expect(await paymentsOf(voidedFirst)).toEqual([]);
  });

  it("+500 ms on payments (fault.latency-ms on its messages) delays the saga's payment step by at least that", async () => {
    await setFaults(svc.httpUrl, { "fault.latency-ms": { value: 500, scope: "message:emporium.payments.v1." } });
    try {
      const orderId = freshOrderId();
      const sent = Date.now();
      await sendCommand(vhost.url, authorizeCommand(orderId, inAnHour()));
      await replies.next(PaymentAuthorizedSchema, (p) => p.orderId === orderId);
      // A lower bound only: the reply cannot come sooner than the injected delay.
      expect(Date.now() - sent).toBeGreaterThanOrEqual(500);
      const metrics = await (await fetch(`${svc.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/^fault_injected_total\{fault="latency"[^}]*\} 1$/m);
    } finally {
      await clearFaults(svc.httpUrl);
    }
  });

  it("dead-letters a command that names no step (no correlation id), answering nothing", async () => {
    const orderId = freshOrderId();
    const rejectedBefore = await consumed("dead-lettered:rejected");
    const command = authorizeCommand(orderId, inAnHour());
    await sendCommand(vhost.url, { ...command, payload: { ...command.payload, correlationId: "" } });
    await until(async () => (await consumed("dead-lettered:rejected")) > rejectedBefore, "the dead letter");
    expect((await svc.events()).filter((e) => (e.payload as { orderId?: string }).orderId === orderId)).toEqual([]);
    expect(await paymentsOf(orderId)).toEqual([]);
  });

  it("retries a command the provider failed on instead of declining it", async () => {
    const orderId = freshOrderId();
    const retriesBefore = await consumed("retried");
    await sendCommand(vhost.url, authorizeCommand(orderId, inAnHour(), "tok_provider_error"));
    await until(async () => (await consumed("retried")) > retriesBefore, "the command to be retried");
    expect(await recordedFor(`${orderId}:authorize-payment`)).toEqual([]);
    expect(await paymentsOf(orderId)).toEqual([]);
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

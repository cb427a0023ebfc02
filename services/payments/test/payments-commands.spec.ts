import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  AuthorizePaymentCommandSchema,
  CapturePaymentCommandSchema,
  PaymentCaptureFailedSchema,
  PaymentRefundFailedSchema,
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
import { AppError, inTransaction, type Arrival, type CommandAnswer } from "@emporium/platform";
import { lastSeq, payloadAs, recordedSince, type RecordedEvent } from "@emporium/testing";
import {
  answerAuthorizePayment,
  answerCapturePayment,
  answerRefundPayment,
  answerVoidPayment,
} from "../src/application/payment-commands";
import type { PaymentsDeps } from "../src/application/payments-deps";
import { depsInTransaction } from "../src/events/payments-commands";
import { ALICE, eur, freshOrderId, money, startPayments, type RunningPayments } from "./payments-harness";

type Handler<Desc extends DescMessage> = (
  deps: PaymentsDeps,
  cmd: ReturnType<typeof create<Desc>>,
  arrival: Arrival,
) => Promise<CommandAnswer>;

/** How a failure reply says the command was taken too late (orders tells it from a refusal by this). */
const TOOK_TOO_LATE = /^\w+Command \S+ expired at [^;]+; nothing was done$/;
const IN_TIME: Arrival = { expired: false };
const EXPIRED: Arrival = { expired: true };
const inAnHour = () => timestampFromDate(new Date(Date.now() + 3600_000));

describe("payments answers the checkout saga's commands", () => {
  let svc: RunningPayments;
  beforeAll(async () => {
    svc = await startPayments();
  });
  afterAll(() => svc?.stop());

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
    const seq = lastSeq(await svc.events());
    const cmd = create(schema, { expireTime: inAnHour(), ...fields } as MessageInitShape<Desc>);
    const answer = await inTransaction(svc.app.pool, (tx) =>
      handler(depsInTransaction(svc.app.deps, tx), cmd, arrival),
    );
    const replies = recordedSince(await svc.events(), seq);
    expect(replies.map((r) => r.eventType)).toEqual([answer.reply]);
    return replies[0]!;
  }

  const authorize = (
    orderId: string,
    token = "tok_approve",
    arrival = IN_TIME,
    correlationId = `${orderId}:authorize`,
  ) =>
    send(
      answerAuthorizePayment,
      AuthorizePaymentCommandSchema,
      { orderId, correlationId, customerId: ALICE, amount: eur(2500n), paymentMethodToken: token },
      arrival,
    );
  const capture = (orderId: string, arrival = IN_TIME) =>
    send(answerCapturePayment, CapturePaymentCommandSchema, { orderId, correlationId: `${orderId}:capture` }, arrival);
  const voidIt = (orderId: string, arrival = IN_TIME) =>
    send(
      answerVoidPayment,
      VoidPaymentCommandSchema,
      { orderId, correlationId: `${orderId}:void`, reason: "stock ran out" },
      arrival,
    );
  const refund = (orderId: string, n: number, amountMinor?: bigint, arrival = IN_TIME) =>
    send(
      answerRefundPayment,
      RefundPaymentCommandSchema,
      {
        orderId,
        correlationId: `${orderId}:refund:${n}`,
        reason: "returned",
        ...(amountMinor === undefined ? {} : { amount: eur(amountMinor) }),
      },
      arrival,
    );

  const paymentsOf = async (orderId: string) =>
    (
      await svc.app.pool.query<{ id: string; status: string; captured_minor: string; refunded_minor: string }>(
        "SELECT id, status, captured_minor, refunded_minor FROM payments WHERE order_id = $1 ORDER BY create_time",
        [orderId],
      )
    ).rows;
  /** What the simulated provider was asked for the order (its keys start with the order or payment id). */
  const providerKeys = async (orderId: string) =>
    (
      await svc.app.pool.query<{ idempotency_key: string }>(
        `SELECT idempotency_key FROM simulated_provider_requests
         WHERE idempotency_key LIKE $1 || ':%' OR split_part(idempotency_key, ':', 1) IN
           (SELECT id FROM payments WHERE order_id = $1) ORDER BY create_time, idempotency_key`,
        [orderId],
      )
    ).rows.map((r) => r.idempotency_key);

  describe("AuthorizePaymentCommand", () => {
    it("authorises with the correlation id as the key: PaymentAuthorized for the order's step", async () => {
      const orderId = freshOrderId();
      const reply = await authorize(orderId);
      const [payment] = await paymentsOf(orderId);
      expect(payment).toMatchObject({ status: "AUTHORIZED" });
      expect(reply).toMatchObject({ aggregateId: payment!.id, aggregateVersion: 1n });
      expect(payloadAs(reply, PaymentAuthorizedSchema)).toMatchObject({
        paymentId: payment!.id,
        orderId,
        correlationId: `${orderId}:authorize`,
        amount: money(2500n),
      });
      expect(await providerKeys(orderId)).toEqual([`${orderId}:authorize:${orderId}:authorize`]);
    });

    it("answers a decline with PaymentDeclined and its reason; the payment is stored DECLINED", async () => {
      const orderId = freshOrderId();
      const reply = payloadAs(await authorize(orderId, "tok_insufficient_funds"), PaymentDeclinedSchema);
      expect(reply).toMatchObject({ orderId, reason: DeclineReason.INSUFFICIENT_FUNDS, amount: money(2500n) });
      expect(await paymentsOf(orderId)).toEqual([expect.objectContaining({ id: reply.paymentId, status: "DECLINED" })]);
    });

    it("declines an expired command without asking the provider; a re-send in time authorises", async () => {
      const orderId = freshOrderId();
      const reply = await authorize(orderId, "tok_approve", EXPIRED);
      expect(reply.aggregateId).toBe(orderId);
      expect(payloadAs(reply, PaymentDeclinedSchema)).toMatchObject({
        paymentId: "",
        orderId,
        correlationId: `${orderId}:authorize`,
        reason: DeclineReason.EXPIRED,
      });
      expect(await paymentsOf(orderId)).toEqual([]);
      expect(await providerKeys(orderId)).toEqual([]);

      expect((await authorize(orderId)).eventType).toBe(PaymentAuthorizedSchema.typeName);
    });

    it("throws on a provider failure (the message is retried), writing and answering nothing", async () => {
      const orderId = freshOrderId();
      const seq = lastSeq(await svc.events());
      const cmd = create(AuthorizePaymentCommandSchema, {
        orderId,
        correlationId: `${orderId}:authorize`,
        expireTime: inAnHour(),
        customerId: ALICE,
        amount: eur(2500n),
        paymentMethodToken: "tok_provider_error",
      });
      const failure = await inTransaction(svc.app.pool, (tx) =>
        answerAuthorizePayment(depsInTransaction(svc.app.deps, tx), cmd, IN_TIME),
      ).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe("UNAVAILABLE");
      expect(recordedSince(await svc.events(), seq)).toEqual([]);
      expect(await paymentsOf(orderId)).toEqual([]);
    });

    it("declines a payment method the provider refuses outright (unspecified reason), storing nothing", async () => {
      const orderId = freshOrderId();
      const reply = payloadAs(await authorize(orderId, "tok_requires_action"), PaymentDeclinedSchema);
      expect(reply).toMatchObject({ paymentId: "", reason: DeclineReason.UNSPECIFIED });
      expect(await paymentsOf(orderId)).toEqual([]);
    });

    it("keeps one authorisation per order: another step for the order answers with it, unasked", async () => {
      const orderId = freshOrderId();
      const first = payloadAs(await authorize(orderId), PaymentAuthorizedSchema);
      const other = await authorize(orderId, "tok_decline", IN_TIME, `${orderId}:authorize-again`);
      expect(payloadAs(other, PaymentAuthorizedSchema)).toEqual({
        ...first,
        correlationId: `${orderId}:authorize-again`,
      });
      expect(await paymentsOf(orderId)).toHaveLength(1);
      expect(await providerKeys(orderId)).toHaveLength(1);

      await voidIt(orderId);
      const afterVoid = await authorize(orderId, "tok_approve", IN_TIME, `${orderId}:authorize-3`);
      expect(payloadAs(afterVoid, PaymentDeclinedSchema)).toMatchObject({
        paymentId: "",
        reason: DeclineReason.VOIDED,
      });
    });
  });

  describe("VoidPaymentCommand", () => {
    it("voids an authorisation: PaymentVoided", async () => {
      const orderId = freshOrderId();
      await authorize(orderId);
      const reply = await voidIt(orderId);
      const [payment] = await paymentsOf(orderId);
      expect(payment).toMatchObject({ status: "VOIDED" });
      expect(payloadAs(reply, PaymentVoidedSchema)).toMatchObject({
        paymentId: payment!.id,
        orderId,
        correlationId: `${orderId}:void`,
      });
    });

    it("before any authorisation leaves a tombstone: the late authorisation is declined VOIDED, unasked", async () => {
      const orderId = freshOrderId();
      const voided = await voidIt(orderId);
      expect(voided.aggregateId).toBe(orderId);
      expect(payloadAs(voided, PaymentVoidedSchema)).toMatchObject({ paymentId: "", orderId });

      const late = payloadAs(await authorize(orderId), PaymentDeclinedSchema);
      expect(late).toMatchObject({ paymentId: "", orderId, reason: DeclineReason.VOIDED });
      expect(await paymentsOf(orderId)).toEqual([]);
      expect(await providerKeys(orderId)).toEqual([]);
    });

    it("needs nothing for a declined payment: PaymentVoided", async () => {
      const orderId = freshOrderId();
      const declined = payloadAs(await authorize(orderId, "tok_decline"), PaymentDeclinedSchema);
      expect(payloadAs(await voidIt(orderId), PaymentVoidedSchema)).toMatchObject({ paymentId: declined.paymentId });
      expect(await paymentsOf(orderId)).toEqual([expect.objectContaining({ status: "DECLINED" })]);
    });

    it("refuses a captured payment: PaymentVoidFailed says to refund it", async () => {
      const orderId = freshOrderId();
      await authorize(orderId);
      await capture(orderId);
      const reply = payloadAs(await voidIt(orderId), PaymentVoidFailedSchema);
      expect(reply).toMatchObject({ reason: expect.stringMatching(/captured.*refund it instead/), expired: false });
      expect(await paymentsOf(orderId)).toEqual([expect.objectContaining({ status: "CAPTURED" })]);
    });

    it("when expired, fails and leaves no tombstone; a re-send in time voids", async () => {
      const orderId = freshOrderId();
      const reply = payloadAs(await voidIt(orderId, EXPIRED), PaymentVoidFailedSchema);
      // Orders reads these words: a compensation taken too late is no refusal, it waits for the re-send.
      expect(reply).toMatchObject({ paymentId: "", reason: expect.stringMatching(TOOK_TOO_LATE), expired: true });
      expect((await authorize(orderId)).eventType).toBe(PaymentAuthorizedSchema.typeName);
      expect((await voidIt(orderId)).eventType).toBe(PaymentVoidedSchema.typeName);
    });
    it("a void racing its authorisation never leaves money held: the lock of the order orders them", async () => {
      const orderIds = Array.from({ length: 8 }, () => freshOrderId());
      const answer = <C>(handler: (deps: PaymentsDeps, cmd: C, arrival: Arrival) => Promise<CommandAnswer>, cmd: C) =>
        inTransaction(svc.app.pool, (tx) => handler(depsInTransaction(svc.app.deps, tx), cmd, IN_TIME));
      await Promise.all(
        orderIds.flatMap((orderId) => [
          answer(
            answerAuthorizePayment,
            create(AuthorizePaymentCommandSchema, {
              orderId,
              correlationId: `${orderId}:authorize`,
              expireTime: inAnHour(),
              customerId: ALICE,
              amount: eur(2500n),
              paymentMethodToken: "tok_approve",
            }),
          ),
          answer(
            answerVoidPayment,
            create(VoidPaymentCommandSchema, { orderId, correlationId: `${orderId}:void`, expireTime: inAnHour() }),
          ),
        ]),
      );
      const { rows } = await svc.app.pool.query("SELECT status FROM payments WHERE order_id = ANY($1)", [orderIds]);
      expect(rows.filter((r: { status: string }) => r.status !== "VOIDED")).toEqual([]);
    });
  });

  describe("CapturePaymentCommand", () => {
    it("captures the whole authorised amount: PaymentCaptured", async () => {
      const orderId = freshOrderId();
      await authorize(orderId);
      const reply = await capture(orderId);
      const [payment] = await paymentsOf(orderId);
      expect(payment).toMatchObject({ status: "CAPTURED", captured_minor: "2500" });
      expect(payloadAs(reply, PaymentCapturedSchema)).toMatchObject({
        paymentId: payment!.id,
        correlationId: `${orderId}:capture`,
        amount: money(2500n),
      });
    });

    it("fails for an order without a payment, and for a voided one", async () => {
      const none = freshOrderId();
      expect(payloadAs(await capture(none), PaymentCaptureFailedSchema)).toMatchObject({
        orderId: none,
        paymentId: "",
        reason: `order ${none} has no payment that could be captured`,
        expired: false,
      });
      const voided = freshOrderId();
      await authorize(voided);
      await voidIt(voided);
      expect(payloadAs(await capture(voided), PaymentCaptureFailedSchema).reason).toMatch(
        /is voided; only an authorised payment can be captured/,
      );
    });

    it("when expired, fails and captures nothing", async () => {
      const orderId = freshOrderId();
      await authorize(orderId);
      expect(payloadAs(await capture(orderId, EXPIRED), PaymentCaptureFailedSchema)).toMatchObject({
        reason: expect.stringMatching(TOOK_TOO_LATE),
        expired: true,
      });
      expect(await paymentsOf(orderId)).toEqual([expect.objectContaining({ status: "AUTHORIZED" })]);
    });

    it("10 concurrent capture commands for one order capture once", async () => {
      const orderId = freshOrderId();
      await authorize(orderId);
      const cmd = create(CapturePaymentCommandSchema, {
        orderId,
        correlationId: `${orderId}:capture`,
        expireTime: inAnHour(),
      });
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          inTransaction(svc.app.pool, (tx) => answerCapturePayment(depsInTransaction(svc.app.deps, tx), cmd, IN_TIME)),
        ),
      );
      expect(new Set(answers.map((a) => a.reply))).toEqual(new Set([PaymentCapturedSchema.typeName]));
      const { rows } = await svc.app.pool.query("SELECT payment_id FROM captures WHERE order_id = $1", [orderId]);
      expect(rows).toHaveLength(1);
      expect((await providerKeys(orderId)).filter((k) => k.endsWith(":capture"))).toHaveLength(1);
    });
  });

  describe("RefundPaymentCommand", () => {
    it("refunds per correlation id: a partial refund sent twice refunds once; unset refunds the rest", async () => {
      const orderId = freshOrderId();
      await authorize(orderId);
      await capture(orderId);
      const first = payloadAs(await refund(orderId, 1, 1000n), PaymentRefundedSchema);
      const again = payloadAs(await refund(orderId, 1, 1000n), PaymentRefundedSchema);
      expect(again).toEqual(first);
      expect(first).toMatchObject({ amount: money(1000n), refundedTotal: money(1000n), fullyRefunded: false });
      const rest = payloadAs(await refund(orderId, 2), PaymentRefundedSchema);
      expect(rest).toMatchObject({ amount: money(1500n), refundedTotal: money(2500n), fullyRefunded: true });
      expect(await paymentsOf(orderId)).toEqual([
        expect.objectContaining({ status: "REFUNDED", refunded_minor: "2500" }),
      ]);
    });

    it("fails beyond what can still be refunded, for an uncaptured payment, and when expired", async () => {
      const orderId = freshOrderId();
      await authorize(orderId);
      expect(payloadAs(await refund(orderId, 1), PaymentRefundFailedSchema).reason).toMatch(
        /only a captured payment can be refunded/,
      );
      await capture(orderId);
      const paymentId = (await paymentsOf(orderId))[0]!.id;
      expect(payloadAs(await refund(orderId, 2, 9000n), PaymentRefundFailedSchema).reason).toBe(
        `90.00 EUR is more than the 25.00 EUR of payment ${paymentId} that can still be refunded`,
      );
      expect(payloadAs(await refund(orderId, 3, 100n, EXPIRED), PaymentRefundFailedSchema)).toMatchObject({
        reason: expect.stringMatching(TOOK_TOO_LATE),
        expired: true,
      });
      expect(await paymentsOf(orderId)).toEqual([expect.objectContaining({ status: "CAPTURED", refunded_minor: "0" })]);
    });
  });

  it("the reply continues the command's trace", async () => {
    const orderId = freshOrderId();
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const cmd = create(VoidPaymentCommandSchema, { orderId, correlationId: `${orderId}:void`, expireTime: inAnHour() });
    await inTransaction(svc.app.pool, (tx) =>
      answerVoidPayment(depsInTransaction(svc.app.deps, tx, traceparent), cmd, IN_TIME),
    );
    const { rows } = await svc.app.pool.query("SELECT traceparent FROM outbox WHERE aggregate_id = $1", [orderId]);
    expect(rows).toEqual([{ traceparent }]);
  });

  it("every command delivered twice changes nothing: the state stays, the replies repeat", async () => {
    const orders = {
      paid: freshOrderId(),
      declined: freshOrderId(),
      voidedFirst: freshOrderId(),
      released: freshOrderId(),
    };
    type Send = () => Promise<RecordedEvent>;
    const saga: Send[] = [
      () => authorize(orders.paid),
      () => capture(orders.paid),
      () => refund(orders.paid, 1, 500n),
      () => refund(orders.paid, 2),
      () => voidIt(orders.paid),
      () => authorize(orders.declined, "tok_decline"),
      () => voidIt(orders.declined),
      () => voidIt(orders.voidedFirst),
      () => authorize(orders.voidedFirst),
      () => authorize(orders.released),
      () => voidIt(orders.released),
      () => capture(orders.released),
    ];
    const state = async () => {
      const ids = Object.values(orders);
      const table = async (sql: string) => (await svc.app.pool.query(sql, [ids])).rows;
      return {
        payments: await table("SELECT * FROM payments WHERE order_id = ANY($1) ORDER BY id"),
        captures: await table("SELECT * FROM captures WHERE order_id = ANY($1) ORDER BY payment_id"),
        refunds: await table(
          "SELECT * FROM refunds WHERE payment_id IN (SELECT id FROM payments WHERE order_id = ANY($1)) ORDER BY id",
        ),
        tombstones: await table("SELECT * FROM voided_orders WHERE order_id = ANY($1) ORDER BY order_id"),
        provider: await Promise.all(ids.map(providerKeys)),
      };
    };
    const firstReplies: RecordedEvent[] = [];
    for (const command of saga) firstReplies.push(await command());
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

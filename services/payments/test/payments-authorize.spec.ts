import { Code } from "@connectrpc/connect";
import { PaymentAuthorizedSchema, PaymentDeclinedSchema } from "@emporium/contracts/emporium/payments/v1/events_pb";
import { DeclineReason, PaymentStatus } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import { violationsOf } from "@emporium/platform";
import { lastSeq, payloadAs, recordedSince, rpcError } from "@emporium/testing";
import { ALICE, eur, freshOrderId, startPayments, type RunningPayments } from "./payments-harness";

describe("authorising a payment with the simulated provider's test tokens", () => {
  let svc: RunningPayments;
  beforeAll(async () => {
    svc = await startPayments();
  });
  afterAll(() => svc?.stop());

  const since = async () => lastSeq(await svc.events());
  const newEvents = async (seq: bigint) => recordedSince(await svc.events(), seq);

  it("tok_approve: the payment is authorised for the order and customer, and PaymentAuthorized is recorded", async () => {
    const seq = await since();
    const orderId = freshOrderId();
    const { payment } = await svc.authorize({ orderId, correlationId: "saga-1" });
    expect(payment).toMatchObject({
      orderId,
      customerId: ALICE,
      status: PaymentStatus.AUTHORIZED,
      authorizedAmount: { currencyCode: "EUR", amountMinor: 2500n },
      capturedAmount: { currencyCode: "EUR", amountMinor: 0n },
      declineReason: DeclineReason.UNSPECIFIED,
    });
    const [event, ...more] = await newEvents(seq);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ aggregateId: payment!.id, aggregateVersion: 1n, source: "/emporium/payments" });
    expect(payloadAs(event!, PaymentAuthorizedSchema)).toMatchObject({
      paymentId: payment!.id,
      orderId,
      correlationId: "saga-1",
      amount: { currencyCode: "EUR", amountMinor: 2500n },
    });
  });

  it.each([
    ["tok_decline", DeclineReason.CARD_DECLINED],
    ["tok_insufficient_funds", DeclineReason.INSUFFICIENT_FUNDS],
  ])(
    "%s: the payment is declined with its reason (an answer, not an error), and PaymentDeclined is recorded",
    async (token, reason) => {
      const seq = await since();
      const { payment } = await svc.authorize({ paymentMethodToken: token, correlationId: "saga-2" });
      expect(payment).toMatchObject({ status: PaymentStatus.DECLINED, declineReason: reason });
      const events = await newEvents(seq);
      expect(events.map((e) => payloadAs(e, PaymentDeclinedSchema))).toEqual([
        expect.objectContaining({ paymentId: payment!.id, orderId: payment!.orderId, correlationId: "saga-2", reason }),
      ]);
      const capture = await rpcError(svc.orders.capturePayment({ paymentId: payment!.id }));
      expect(capture.code).toBe(Code.FailedPrecondition);
    },
  );

  it("tok_provider_error: UNAVAILABLE (retryable), nothing written, and a retry with the key fails the same way", async () => {
    const seq = await since();
    const call = { orderId: freshOrderId(), paymentMethodToken: "tok_provider_error", idempotencyKey: "flaky-key" };
    const first = await rpcError(svc.authorize(call));
    expect(first.code).toBe(Code.Unavailable);
    expect(first.rawMessage).toMatch(/retry with the same key/);
    expect((await rpcError(svc.authorize(call))).code).toBe(Code.Unavailable);
    expect(await newEvents(seq)).toEqual([]);
    const { payments } = await svc.orders.batchGetPaymentsByOrder({ orderIds: [call.orderId] });
    expect(payments).toEqual([]);
  });

  it("tok_slow: answers after the configured delay, authorised", async () => {
    const { payment } = await svc.authorize({ paymentMethodToken: "tok_slow" });
    expect(payment!.status).toBe(PaymentStatus.AUTHORIZED);
  });

  it("tok_requires_action: refused as unsupported (FAILED_PRECONDITION on the token), nothing written", async () => {
    const seq = await since();
    const err = await rpcError(svc.authorize({ paymentMethodToken: "tok_requires_action" }));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toBe(
      "payment method tok_requires_action needs the customer to confirm (3-D Secure), which is not supported; use another payment method",
    );
    expect(await newEvents(seq)).toEqual([]);
  });

  it("a token the provider does not know is refused the same way", async () => {
    const err = await rpcError(svc.authorize({ paymentMethodToken: "tok_unknown" }));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toMatch(/tok_unknown is unknown to the payment provider/);
  });

  it("a repeated authorisation with the same key has the effect of one: one payment, one event", async () => {
    const seq = await since();
    const call = { orderId: freshOrderId(), idempotencyKey: `same-${process.pid}` };
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => svc.authorize(call)));
    expect(new Set(answers.map((a) => a.payment!.id)).size).toBe(1);
    expect(await svc.authorize(call)).toEqual(answers[0]);
    expect(await newEvents(seq)).toHaveLength(1);
    const other = await rpcError(svc.authorize({ ...call, amount: eur(1n) }));
    expect(other.code).toBe(Code.FailedPrecondition);
    expect(other.rawMessage).toBe("this idempotency key was already used for a different request");
  });

  it("refuses invalid input with a violation per field and writes nothing", async () => {
    const seq = await since();
    const err = await rpcError(
      svc.orders.authorizePayment({
        orderId: "",
        customerId: ALICE,
        amount: eur(0n),
        paymentMethodToken: "4111111111111111",
        idempotencyKey: "",
      }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(err)
        .map((v) => v.field)
        .sort(),
    ).toEqual(["amount", "idempotency_key", "order_id", "payment_method_token"]);
    expect(await newEvents(seq)).toEqual([]);
    const noAmount = await rpcError(svc.authorize({ amount: undefined }));
    expect(violationsOf(noAmount).map((v) => v.field)).toEqual(["amount"]);
  });
});

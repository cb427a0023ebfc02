import { Code } from "@connectrpc/connect";
import {
  PaymentCapturedSchema,
  PaymentRefundedSchema,
  PaymentVoidedSchema,
} from "@emporium/contracts/emporium/payments/v1/events_pb";
import { PaymentStatus } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import { violationsOf } from "@emporium/platform";
import { lastSeq, payloadAs, recordedSince, rpcError } from "@emporium/testing";
import { eur, freshOrderId, money, startPayments, type RunningPayments } from "./payments-harness";

/** Money as the provider port takes it (the domain's shape, not the proto's). */
const euros = (amountMinor: bigint) => ({ currency: "EUR", amountMinor });

describe("capturing, voiding and refunding a payment", () => {
  let svc: RunningPayments;
  beforeAll(async () => {
    svc = await startPayments();
  });
  afterAll(() => svc?.stop());

  const since = async () => lastSeq(await svc.events());
  const newEvents = async (seq: bigint) => recordedSince(await svc.events(), seq);
  const authorized = async (orderId = freshOrderId()) => (await svc.authorize({ orderId })).payment!;
  /** What the simulated provider was asked, from its own table: money moved once per key. */
  const providerCalls = async (operation: string, paymentId: string) =>
    (
      await svc.app.pool.query<{ idempotency_key: string }>(
        "SELECT idempotency_key FROM simulated_provider_requests WHERE operation = $1 AND idempotency_key LIKE $2",
        [operation, `${paymentId}:%`],
      )
    ).rows.map((r) => r.idempotency_key);

  it("captures part of the authorised amount once, with PaymentCaptured; a repeat has the effect of one", async () => {
    const p = await authorized();
    const seq = await since();
    const first = await svc.orders.capturePayment({ paymentId: p.id, amount: eur(2000n), correlationId: "saga-c" });
    expect(first.payment).toMatchObject({ status: PaymentStatus.CAPTURED, capturedAmount: eur(2000n) });
    expect(await svc.orders.capturePayment({ paymentId: p.id, amount: eur(2000n) })).toEqual(first);
    const events = await newEvents(seq);
    expect(events.map((e) => [e.aggregateVersion, payloadAs(e, PaymentCapturedSchema)])).toEqual([
      [
        2n,
        expect.objectContaining({ paymentId: p.id, orderId: p.orderId, correlationId: "saga-c", amount: money(2000n) }),
      ],
    ]);
    expect(await providerCalls("capture", p.id)).toEqual([`${p.id}:capture`]);
    const other = await rpcError(svc.orders.capturePayment({ paymentId: p.id, amount: eur(2100n) }));
    expect(other.code).toBe(Code.FailedPrecondition);
  });

  it("20 concurrent captures of one payment yield one capture and one event", async () => {
    const p = await authorized();
    const seq = await since();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => svc.orders.capturePayment({ paymentId: p.id }).then((r) => r.payment!)),
    );
    expect(new Set(answers.map((a) => a.capturedAmount?.amountMinor))).toEqual(new Set([2500n]));
    expect(await newEvents(seq)).toHaveLength(1);
    expect(await providerCalls("capture", p.id)).toHaveLength(1);
  });

  it("the database allows one capture per order, also through a second authorised payment of it", async () => {
    const orderId = freshOrderId();
    const [a, b] = [await authorized(orderId), await authorized(orderId)];
    const outcomes = await Promise.allSettled([
      svc.orders.capturePayment({ paymentId: a.id }),
      svc.orders.capturePayment({ paymentId: b.id }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = await rpcError(
      Promise.all(outcomes.map((o) => (o.status === "rejected" ? Promise.reject(o.reason) : o.value))),
    );
    expect(refused.code).toBe(Code.FailedPrecondition);
    expect(refused.rawMessage).toBe(`order ${orderId} already has a captured payment`);
  });

  it("refuses a capture over the authorised amount or in another currency, and writes nothing", async () => {
    const p = await authorized();
    const seq = await since();
    const over = await rpcError(svc.orders.capturePayment({ paymentId: p.id, amount: eur(2501n) }));
    expect(over.code).toBe(Code.FailedPrecondition);
    expect(over.rawMessage).toBe(`25.01 EUR is more than the 25.00 EUR authorised for payment ${p.id}`);
    const usd = await rpcError(
      svc.orders.capturePayment({ paymentId: p.id, amount: { currencyCode: "USD", amountMinor: 100n } }),
    );
    expect(usd.rawMessage).toBe(`payment ${p.id} is authorized in EUR; USD cannot be applied to it`);
    expect(await newEvents(seq)).toEqual([]);
  });

  it("voids an authorisation once, with PaymentVoided; a voided payment cannot be captured", async () => {
    const p = await authorized();
    const seq = await since();
    const voided = await svc.orders.voidPayment({ paymentId: p.id, correlationId: "saga-v" });
    expect(voided.payment!.status).toBe(PaymentStatus.VOIDED);
    expect(await svc.orders.voidPayment({ paymentId: p.id })).toEqual(voided);
    expect((await newEvents(seq)).map((e) => payloadAs(e, PaymentVoidedSchema))).toEqual([
      expect.objectContaining({ paymentId: p.id, orderId: p.orderId, correlationId: "saga-v" }),
    ]);
    expect(await providerCalls("void", p.id)).toEqual([`${p.id}:void`]);
    expect((await rpcError(svc.orders.capturePayment({ paymentId: p.id }))).code).toBe(Code.FailedPrecondition);
  });

  it("refuses a void after capture: refund instead", async () => {
    const p = await authorized();
    await svc.orders.capturePayment({ paymentId: p.id });
    const err = await rpcError(svc.orders.voidPayment({ paymentId: p.id }));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toBe(
      `payment ${p.id} is captured; only an authorised payment can be voided; refund it instead`,
    );
  });

  it("refunds in parts and in full; each key refunds once; never more than was captured", async () => {
    const p = await authorized();
    await svc.orders.capturePayment({ paymentId: p.id, amount: eur(2000n) });
    const seq = await since();
    const part = await svc.orders.refundPayment({ paymentId: p.id, amount: eur(500n), idempotencyKey: "r1" });
    expect(part.payment).toMatchObject({ status: PaymentStatus.PARTIALLY_REFUNDED, refundedAmount: eur(500n) });
    expect(part.refund).toMatchObject({ paymentId: p.id, amount: eur(500n) });
    const again = await svc.orders.refundPayment({ paymentId: p.id, amount: eur(500n), idempotencyKey: "r1" });
    expect(again.refund).toEqual(part.refund);
    const reused = await rpcError(
      svc.orders.refundPayment({ paymentId: p.id, amount: eur(600n), idempotencyKey: "r1" }),
    );
    expect(reused.rawMessage).toBe("this idempotency key was already used for a different request");

    const over = await rpcError(
      svc.orders.refundPayment({ paymentId: p.id, amount: eur(1501n), idempotencyKey: "r2" }),
    );
    expect(over.code).toBe(Code.FailedPrecondition);
    expect(over.rawMessage).toBe(`15.01 EUR is more than the 15.00 EUR of payment ${p.id} that can still be refunded`);
    expect(violationsOf(over).map((v) => v.ruleId)).toEqual(["amount.within_captured"]);

    const rest = await svc.orders.refundPayment({ paymentId: p.id, idempotencyKey: "r3", correlationId: "saga-r" });
    expect(rest.payment).toMatchObject({ status: PaymentStatus.REFUNDED, refundedAmount: eur(2000n) });
    expect(rest.refund!.amount).toEqual(money(1500n));
    const refunded = (await newEvents(seq)).map((e) => payloadAs(e, PaymentRefundedSchema));
    expect(refunded).toEqual([
      expect.objectContaining({ amount: money(500n), refundedTotal: money(500n), fullyRefunded: false }),
      expect.objectContaining({
        amount: money(1500n),
        refundedTotal: money(2000n),
        fullyRefunded: true,
        correlationId: "saga-r",
      }),
    ]);
    expect((await providerCalls("refund", p.id)).sort()).toEqual([`${p.id}:refund:r1`, `${p.id}:refund:r3`]);
    const more = await rpcError(svc.orders.refundPayment({ paymentId: p.id, amount: eur(1n), idempotencyKey: "r4" }));
    expect(more.code).toBe(Code.FailedPrecondition);
  });

  it("refuses a refund of an uncaptured payment, and answers NOT_FOUND for an unknown one", async () => {
    const p = await authorized();
    const err = await rpcError(svc.orders.refundPayment({ paymentId: p.id, idempotencyKey: "x" }));
    expect(err.rawMessage).toBe(`payment ${p.id} is authorized; only a captured payment can be refunded`);
    expect((await rpcError(svc.orders.capturePayment({ paymentId: "no-such-payment" }))).code).toBe(Code.NotFound);
  });

  it("a capture whose transaction failed after the provider answered moves money once when retried", async () => {
    // As if CapturePayment had reached the provider and then lost its transaction: the provider
    // (another system) remembers the key; payments recorded nothing.
    const p = await authorized();
    const { rows } = await svc.app.pool.query<{ provider_reference: string }>(
      "SELECT provider_reference FROM payments WHERE id = $1",
      [p.id],
    );
    const call = {
      idempotencyKey: `${p.id}:capture`,
      authorization: rows[0]!.provider_reference,
      amount: euros(2500n),
    };
    await svc.app.deps.provider.capture(call);
    const seq = await since();
    const captured = await svc.orders.capturePayment({ paymentId: p.id });
    expect(captured.payment!.status).toBe(PaymentStatus.CAPTURED);
    expect(await providerCalls("capture", p.id)).toEqual([call.idempotencyKey]);
    expect(await newEvents(seq)).toHaveLength(1);
    // The same key for another amount is a bug the provider refuses, never a second capture.
    await expect(svc.app.deps.provider.capture({ ...call, amount: euros(1n) })).rejects.toThrow(
      `provider idempotency key ${call.idempotencyKey} was used for another request`,
    );
  });

  it("lets the orders service, admins and the payment's customer read it; another customer finds nothing", async () => {
    const p = await authorized();
    for (const token of [svc.tokens.orders, svc.tokens.admin, svc.tokens.alice])
      expect((await svc.client(token).getPayment({ id: p.id })).payment).toEqual(p);
    expect((await rpcError(svc.client(svc.tokens.bob).getPayment({ id: p.id }))).code).toBe(Code.NotFound);
    const bobs = await svc.client(svc.tokens.bob).batchGetPaymentsByOrder({ orderIds: [p.orderId, p.orderId] });
    expect(bobs.payments).toEqual([]);
    const alices = await svc.client(svc.tokens.alice).batchGetPaymentsByOrder({ orderIds: [p.orderId, p.orderId] });
    expect(alices.payments).toEqual([p]);
  });

  it("reads at most 100 orders at once", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `order-${i}`);
    const err = await rpcError(svc.orders.batchGetPaymentsByOrder({ orderIds: ids }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err).map((v) => v.field)).toEqual(["order_ids"]);
  });

  it("refuses invalid input with a violation per field", async () => {
    const err = await rpcError(svc.orders.refundPayment({ paymentId: "", amount: eur(-5n), idempotencyKey: "" }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(err)
        .map((v) => v.field)
        .sort(),
    ).toEqual(["amount", "idempotency_key", "payment_id"]);
  });
});

import { AppError } from "@emporium/platform";
import { applyRefund, capture, paymentOfOrder, voidAuthorization, type Payment } from "./payment";

const now = new Date("2026-01-01T00:00:00Z");
const eur = (amountMinor: bigint) => ({ currency: "EUR", amountMinor });
const authorized: Payment = {
  id: "pay-1",
  orderId: "order-1",
  customerId: "alice",
  status: "AUTHORIZED",
  authorized: eur(1000n),
  capturedMinor: 0n,
  refundedMinor: 0n,
  providerReference: "sim_auth_1",
  version: 1n,
  createTime: now,
  updateTime: now,
};

function refusal(change: () => unknown): AppError {
  try {
    change();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("payment state machine", () => {
  it("captures up to the authorised amount, once, and moves the version", () => {
    const c = capture(authorized, eur(800n), now);
    expect(c).toMatchObject({ status: "CAPTURED", capturedMinor: 800n, version: 2n });
    const again = refusal(() => capture(c, eur(800n), now));
    expect(again.code).toBe("FAILED_PRECONDITION");
    expect(again.message).toBe("payment pay-1 is captured; only an authorised payment can be captured");
  });

  it("refuses a capture over the authorised amount or in another currency", () => {
    const over = refusal(() => capture(authorized, eur(1001n), now));
    expect(over.code).toBe("FAILED_PRECONDITION");
    expect(over.violations?.map((v) => v.ruleId)).toEqual(["amount.within_authorized"]);
    const usd = refusal(() => capture(authorized, { currency: "USD", amountMinor: 10n }, now));
    expect(usd.violations?.map((v) => v.ruleId)).toEqual(["amount.same_currency"]);
  });

  it("refunds in parts, never more than was captured in total", () => {
    const c = capture(authorized, eur(600n), now);
    const part = applyRefund(c, eur(200n), now);
    expect(part).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedMinor: 200n, version: 3n });
    const over = refusal(() => applyRefund(part, eur(401n), now));
    expect(over.message).toBe("4.01 EUR is more than the 4.00 EUR of payment pay-1 that can still be refunded");
    const rest = applyRefund(part, eur(400n), now);
    expect(rest).toMatchObject({ status: "REFUNDED", refundedMinor: 600n });
    expect(refusal(() => applyRefund(rest, eur(1n), now)).code).toBe("FAILED_PRECONDITION");
  });

  it("voids an authorisation, but not a captured payment, and refunds nothing uncaptured", () => {
    expect(voidAuthorization(authorized, now)).toMatchObject({ status: "VOIDED", version: 2n });
    const afterCapture = refusal(() => voidAuthorization(capture(authorized, eur(1000n), now), now));
    expect(afterCapture.message).toBe(
      "payment pay-1 is captured; only an authorised payment can be voided; refund it instead",
    );
    expect(refusal(() => applyRefund(authorized, eur(1n), now)).message).toBe(
      "payment pay-1 is authorized; only a captured payment can be refunded",
    );
  });

  it("keeps a declined or voided payment where it is", () => {
    const declined: Payment = { ...authorized, status: "DECLINED", declineReason: "CARD_DECLINED" };
    for (const change of [
      () => capture(declined, eur(1n), now),
      () => voidAuthorization(declined, now),
      () => capture(voidAuthorization(authorized, now), eur(1n), now),
    ])
      expect(refusal(change).code).toBe("FAILED_PRECONDITION");
  });
});

describe("the order's payment the saga acts on", () => {
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const declined: Payment = { ...authorized, id: "pay-0", status: "DECLINED", createTime: at(0) };
  const later: Payment = { ...authorized, id: "pay-1", createTime: at(1) };

  it("is none for an order without payments", () => {
    expect(paymentOfOrder([])).toBeUndefined();
  });

  it("is the authorisation that went through, not a declined attempt before or after it", () => {
    expect(paymentOfOrder([declined, later])?.id).toBe("pay-1");
    expect(paymentOfOrder([later, { ...declined, createTime: at(2) }])?.id).toBe("pay-1");
  });

  it("is the captured payment whatever came later", () => {
    const capturedOne: Payment = { ...authorized, id: "pay-c", status: "CAPTURED", capturedMinor: 1000n };
    expect(paymentOfOrder([capturedOne, { ...later, id: "pay-2", createTime: at(5) }])?.id).toBe("pay-c");
  });

  it("is the latest declined attempt when every attempt was declined", () => {
    expect(paymentOfOrder([declined, { ...declined, id: "pay-9", createTime: at(3) }])?.id).toBe("pay-9");
  });
});

import { AppError, decimalAmount, type Money } from "@emporium/platform";

export type PaymentStatus = "AUTHORIZED" | "DECLINED" | "CAPTURED" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED";
export type DeclineReason = "CARD_DECLINED" | "INSUFFICIENT_FUNDS";

/**
 * The money side of one order: an authorisation and what became of it. Amounts are in the
 * authorised currency; captured and refunded are 0 until they happen.
 */
export interface Payment {
  id: string;
  orderId: string;
  /** The customer who pays (Keycloak subject): they may see the payment. */
  customerId: string;
  status: PaymentStatus;
  authorized: Money;
  capturedMinor: bigint;
  refundedMinor: bigint;
  declineReason?: DeclineReason;
  /** The provider's id of the authorisation; captures, voids and refunds refer to it. */
  providerReference: string;
  /** Goes up by one with every change (the events' aggregate version). */
  version: bigint;
  createTime: Date;
  updateTime: Date;
}

export const captured = (p: Payment): Money => ({ currency: p.authorized.currency, amountMinor: p.capturedMinor });
export const refunded = (p: Payment): Money => ({ currency: p.authorized.currency, amountMinor: p.refundedMinor });
/** What a refund may still give back. */
export const refundable = (p: Payment): Money => ({
  currency: p.authorized.currency,
  amountMinor: p.capturedMinor - p.refundedMinor,
});

const show = (m: Money) => `${decimalAmount(m)} ${m.currency}`;
const state = (p: Payment) => `payment ${p.id} is ${p.status.toLowerCase().replace("_", " ")}`;

function refuse(message: string, field?: string, ruleId?: string): never {
  throw new AppError("FAILED_PRECONDITION", message, field && ruleId ? [{ field, ruleId, message }] : undefined);
}

function sameCurrency(p: Payment, amount: Money): void {
  if (amount.currency !== p.authorized.currency)
    refuse(
      `${state(p)} in ${p.authorized.currency}; ${amount.currency} cannot be applied to it`,
      "amount.currency_code",
      "amount.same_currency",
    );
}

/** A capture moves at most the authorised amount, once, and only while the payment is authorised. */
export function capture(p: Payment, amount: Money, now: Date): Payment {
  if (p.status !== "AUTHORIZED")
    refuse(`${state(p)}; only an authorised payment can be captured`, "payment_id", "payment.authorized");
  sameCurrency(p, amount);
  if (amount.amountMinor <= 0n || amount.amountMinor > p.authorized.amountMinor)
    refuse(
      `${show(amount)} is more than the ${show(p.authorized)} authorised for payment ${p.id}`,
      "amount.amount_minor",
      "amount.within_authorized",
    );
  return { ...p, status: "CAPTURED", capturedMinor: amount.amountMinor, version: p.version + 1n, updateTime: now };
}

/** A void releases an authorisation that nothing was captured from. */
export function voidAuthorization(p: Payment, now: Date): Payment {
  if (p.status !== "AUTHORIZED") {
    const instead = p.capturedMinor > 0n ? "; refund it instead" : "";
    refuse(`${state(p)}; only an authorised payment can be voided${instead}`, "payment_id", "payment.authorized");
  }
  return { ...p, status: "VOIDED", version: p.version + 1n, updateTime: now };
}

/** Refunds give back captured money: in total never more than was captured. */
export function applyRefund(p: Payment, amount: Money, now: Date): Payment {
  if (p.status !== "CAPTURED" && p.status !== "PARTIALLY_REFUNDED")
    refuse(`${state(p)}; only a captured payment can be refunded`, "payment_id", "payment.captured");
  sameCurrency(p, amount);
  const left = refundable(p);
  if (amount.amountMinor <= 0n || amount.amountMinor > left.amountMinor)
    refuse(
      `${show(amount)} is more than the ${show(left)} of payment ${p.id} that can still be refunded`,
      "amount.amount_minor",
      "amount.within_captured",
    );
  const refundedMinor = p.refundedMinor + amount.amountMinor;
  const status = refundedMinor === p.capturedMinor ? "REFUNDED" : "PARTIALLY_REFUNDED";
  return { ...p, status, refundedMinor, version: p.version + 1n, updateTime: now };
}

/**
 * The payment of an order that the checkout saga's commands act on: the captured one if there is one
 * (an order is captured once), else the latest that was not declined, else the latest. Undefined for
 * an order without payments.
 */
export function paymentOfOrder(payments: readonly Payment[]): Payment | undefined {
  const latestFirst = [...payments].sort((a, b) => b.createTime.getTime() - a.createTime.getTime());
  return (
    latestFirst.find((p) => p.capturedMinor > 0n) ?? latestFirst.find((p) => p.status !== "DECLINED") ?? latestFirst[0]
  );
}

/** Whether a caller may see this payment: its customer and admins (services are checked by client). */
export const isOwnPayment = (p: Pick<Payment, "customerId">, subject: string) => p.customerId === subject;

/** One amount given back from a captured payment. */
export interface Refund {
  id: string;
  paymentId: string;
  amount: Money;
  /** All refunds of the payment up to and including this one. */
  refundedTotal: Money;
  reason: string;
  createTime: Date;
}

/**
 * An order voided before it had a payment: a compensation that overtook its authorisation. The
 * order can no longer be authorised.
 */
export interface VoidedOrder {
  orderId: string;
  correlationId: string;
  reason: string;
  createTime: Date;
}

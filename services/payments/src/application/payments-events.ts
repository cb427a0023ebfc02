import type { DescMessage } from "@bufbuild/protobuf";
import {
  PaymentAuthorizedSchema,
  PaymentCapturedSchema,
  PaymentDeclinedSchema,
  PaymentRefundedSchema,
  PaymentVoidedSchema,
} from "@emporium/contracts/emporium/payments/v1/events_pb";
import { DeclineReason } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import type { EventToRecord, Money } from "@emporium/platform";
import { captured, refunded, type Payment, type Refund } from "../domain/payment";

/** The events' CloudEvents source is `/emporium/payments`. */
export const PAYMENTS_EVENT_SOURCE = "payments";

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });

function event<Desc extends DescMessage>(
  schema: Desc,
  p: Payment,
  payload: EventToRecord<Desc>["payload"],
): EventToRecord<DescMessage> {
  return { schema, aggregateId: p.id, aggregateVersion: p.version, payload } as EventToRecord<DescMessage>;
}

/** PaymentAuthorized or PaymentDeclined, for a payment just authorised (or refused). */
export function authorizationEvent(p: Payment, correlationId: string): EventToRecord<DescMessage> {
  const ids = { paymentId: p.id, orderId: p.orderId, correlationId };
  if (p.status === "DECLINED")
    return event(PaymentDeclinedSchema, p, {
      ...ids,
      amount: money(p.authorized),
      reason: DeclineReason[p.declineReason ?? "CARD_DECLINED"],
    });
  return event(PaymentAuthorizedSchema, p, { ...ids, amount: money(p.authorized) });
}

export const capturedEvent = (p: Payment, correlationId: string) =>
  event(PaymentCapturedSchema, p, { paymentId: p.id, orderId: p.orderId, correlationId, amount: money(captured(p)) });

export const voidedEvent = (p: Payment, correlationId: string) =>
  event(PaymentVoidedSchema, p, { paymentId: p.id, orderId: p.orderId, correlationId });

export const refundedEvent = (p: Payment, r: Refund, correlationId: string) =>
  event(PaymentRefundedSchema, p, {
    paymentId: p.id,
    orderId: p.orderId,
    correlationId,
    refundId: r.id,
    amount: money(r.amount),
    refundedTotal: money(refunded(p)),
    fullyRefunded: p.status === "REFUNDED",
  });

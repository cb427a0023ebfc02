import type { DescMessage } from "@bufbuild/protobuf";
import {
  PaymentAuthorizedSchema,
  PaymentCapturedSchema,
  PaymentDeclinedSchema,
  PaymentRefundedSchema,
  PaymentVoidedSchema,
} from "@emporium/contracts/emporium/payments/v1/events_pb";
import {
  PaymentCaptureFailedSchema,
  PaymentRefundFailedSchema,
  PaymentVoidFailedSchema,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import { DeclineReason } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import type { Money as MoneyMessage } from "@emporium/contracts/emporium/type/v1/money_pb";
import type { EventToRecord, Money } from "@emporium/platform";
import { captured, type Payment, type Refund } from "../domain/payment";

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
    refundedTotal: money(r.refundedTotal),
    fullyRefunded: r.refundedTotal.amountMinor === p.capturedMinor,
  });

/** The step of the checkout saga a reply answers: the command's order and correlation id. */
export interface Step {
  orderId: string;
  correlationId: string;
}

/**
 * Who a reply is about: the order's payment at its current version, or, when the order has none,
 * the order itself at version 0 (a reply that changed nothing).
 */
const about = (step: Step, p: Payment | undefined) =>
  p ? { aggregateId: p.id, aggregateVersion: p.version } : { aggregateId: step.orderId, aggregateVersion: 0n };

/** A decline the provider was never asked about: the command expired, or the order was voided first. */
export const declinedUnasked = (
  step: Step & { amount?: MoneyMessage },
  reason: "EXPIRED" | "VOIDED" | "UNSPECIFIED",
): EventToRecord<DescMessage> =>
  ({
    schema: PaymentDeclinedSchema,
    ...about(step, undefined),
    payload: {
      paymentId: "",
      orderId: step.orderId,
      correlationId: step.correlationId,
      amount: step.amount,
      reason: DeclineReason[reason],
    },
  }) as EventToRecord<DescMessage>;

/** PaymentVoided for an order that had no payment: the void left a tombstone instead. */
export const tombstoneVoidedEvent = (step: Step): EventToRecord<DescMessage> =>
  ({
    schema: PaymentVoidedSchema,
    ...about(step, undefined),
    payload: { paymentId: "", orderId: step.orderId, correlationId: step.correlationId },
  }) as EventToRecord<DescMessage>;

const failure =
  (schema: typeof PaymentCaptureFailedSchema | typeof PaymentVoidFailedSchema | typeof PaymentRefundFailedSchema) =>
  /** `expired`: the command was taken after its expire_time and did nothing (not a refusal of the step). */
  (step: Step, p: Payment | undefined, reason: string, expired = false): EventToRecord<DescMessage> =>
    ({
      schema,
      ...about(step, p),
      payload: { orderId: step.orderId, correlationId: step.correlationId, paymentId: p?.id ?? "", reason, expired },
    }) as EventToRecord<DescMessage>;

export const captureFailedEvent = failure(PaymentCaptureFailedSchema);
export const voidFailedEvent = failure(PaymentVoidFailedSchema);
export const refundFailedEvent = failure(PaymentRefundFailedSchema);

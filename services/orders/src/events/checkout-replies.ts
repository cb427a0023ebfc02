import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import {
  ReservationCommitFailedSchema,
  ReservationCommittedSchema,
  ReservationReleasedSchema,
  ReservationReleaseFailedSchema,
  StockReservationFailedSchema,
  StockReservationFailureReason,
  StockReservationSucceededSchema,
  StockReturnedSchema,
  StockReturnFailedSchema,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import {
  PaymentCaptureFailedSchema,
  PaymentRefundFailedSchema,
  PaymentVoidFailedSchema,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import {
  PaymentAuthorizedSchema,
  PaymentCapturedSchema,
  PaymentDeclinedSchema,
  PaymentRefundedSchema,
  PaymentVoidedSchema,
} from "@emporium/contracts/emporium/payments/v1/events_pb";
import { DeclineReason } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import { ShipmentCancelRefusedSchema } from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import {
  ShipmentCancelledSchema,
  ShipmentCreatedSchema,
  ShipmentFailedSchema,
  ShipmentStatusChangedSchema,
} from "@emporium/contracts/emporium/shipping/v1/events_pb";
import { ShipmentStatus } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { subscribe, type EventContext, type Subscription } from "@emporium/platform";
import { takeCheckoutNews, type CheckoutNews } from "../application/checkout-progress";
import type { OrdersDeps } from "../application/orders-deps";
import { correlationIdOf } from "../domain/checkout";
import { PgOrderStoreInTransaction } from "../db/pg-order-store";

/** The queue (and inbox key) orders consumes the participants' replies and the parcel's progress from. */
export const CONSUMER = "orders";

type Money = { currencyCode: string; amountMinor: bigint } | undefined;
const succeeded = (r: { correlationId: string }, reference: string, amount?: Money): CheckoutNews => ({
  kind: "succeeded",
  correlationId: r.correlationId,
  reference,
  amount: amount && { currency: amount.currencyCode, amountMinor: amount.amountMinor },
});
/** A failure reply; `expired`: the participant took the command after its expire_time and did nothing. */
const failed = (r: { correlationId: string }, reason: string, expired = false): CheckoutNews => ({
  kind: "failed",
  correlationId: r.correlationId,
  reason,
  expired,
});
const named = (value: string | undefined) => (value ?? "UNSPECIFIED").toLowerCase().replaceAll("_", " ");

/**
 * Orders' subscriptions: every reply of the commands it sends (matched to the awaited step by
 * correlation id) and the shipments' progress. Each is handled in the inbox transaction: the
 * decision's events and commands commit with "this message was handled".
 */
export function checkoutSubscriptions(deps: OrdersDeps, snapshotEvery: number): Subscription[] {
  const on = <D extends DescMessage>(
    schema: D,
    news: (message: MessageShape<D>) => { orderId: string; news: CheckoutNews } | undefined,
  ) =>
    subscribe(schema, async (message, ctx) => {
      const read = news(message);
      if (!read) return ctx.logger.info("not news for a checkout; ignored");
      await take(deps, snapshotEvery, ctx, read.orderId, read.news);
    });
  return [
    on(StockReservationSucceededSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.reservationId) })),
    on(StockReservationFailedSchema, (r) => ({
      orderId: r.orderId,
      news: failed(
        r,
        r.message || named(StockReservationFailureReason[r.reason]),
        r.reason === StockReservationFailureReason.EXPIRED,
      ),
    })),
    on(ReservationCommittedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.reservationId) })),
    on(ReservationCommitFailedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    on(ReservationReleasedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.reservationId) })),
    on(ReservationReleaseFailedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    on(StockReturnedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.reservationId) })),
    on(StockReturnFailedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    on(PaymentAuthorizedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.paymentId) })),
    on(PaymentDeclinedSchema, (r) => ({
      orderId: r.orderId,
      news: failed(r, named(DeclineReason[r.reason]), r.reason === DeclineReason.EXPIRED),
    })),
    on(PaymentCapturedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.paymentId) })),
    on(PaymentCaptureFailedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    on(PaymentVoidedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.paymentId) })),
    on(PaymentVoidFailedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    on(PaymentRefundedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.refundId, r.amount) })),
    on(PaymentRefundFailedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    on(ShipmentCreatedSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.shipmentId) })),
    on(ShipmentFailedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    on(ShipmentCancelledSchema, (r) => ({ orderId: r.orderId, news: succeeded(r, r.shipmentId) })),
    on(ShipmentCancelRefusedSchema, (r) => ({ orderId: r.orderId, news: failed(r, r.reason, r.expired) })),
    // The carrier's progress carries the correlation id the shipment was created with: only ours count.
    on(ShipmentStatusChangedSchema, (r) => {
      if (r.correlationId !== correlationIdOf(r.orderId, "create-shipment")) return undefined;
      if (r.newStatus === ShipmentStatus.IN_TRANSIT)
        return { orderId: r.orderId, news: { kind: "parcel", status: "IN_TRANSIT" } };
      if (r.newStatus === ShipmentStatus.DELIVERED)
        return { orderId: r.orderId, news: { kind: "parcel", status: "DELIVERED" } };
      return undefined;
    }),
  ];
}

async function take(deps: OrdersDeps, snapshotEvery: number, ctx: EventContext, orderId: string, news: CheckoutNews) {
  const store = new PgOrderStoreInTransaction(ctx.tx, snapshotEvery);
  const correlationId = "correlationId" in news ? news.correlationId : undefined;
  const commandCtx = { requestId: ctx.envelope.id, traceparent: ctx.envelope.traceparent, correlationId };
  const outcome = await takeCheckoutNews(deps, store, commandCtx, orderId, news);
  if (outcome.ignored) ctx.logger.info({ orderId, correlationId, why: outcome.ignored }, "reply ignored");
  else
    ctx.logger.info(
      { orderId, correlationId, status: "order" in outcome ? outcome.order.status : undefined },
      "checkout moved on",
    );
}

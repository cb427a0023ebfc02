import { AppError, type Money } from "@emporium/platform";
import type { Order, OrderLine, ShippingAddress } from "./order";
import type { OrderEvent, VersionedOrderEvent } from "./order-events";

/** An order's state after one more event (at `version` of its stream). */
export function evolve(order: Order | undefined, event: OrderEvent, version: number): Order {
  if (event.type === "OrderPlaced") {
    if (order) throw new Error(`order ${event.orderId} was placed twice`);
    const { type: _, at, orderId, ...placed } = event;
    return {
      ...placed,
      id: orderId,
      status: "PENDING",
      statusReason: "",
      statusSequence: 0,
      checkout: { done: [] },
      refunds: [],
      refundedTotal: { currency: event.currency, amountMinor: 0n },
      version,
      createTime: at,
      updateTime: at,
    };
  }
  if (!order) throw new Error(`${event.type} before OrderPlaced in order ${event.orderId}`);
  const next = { ...order, version, updateTime: event.at };
  const { checkout } = order;
  switch (event.type) {
    case "OrderStatusChanged":
      return { ...next, status: event.status, statusReason: event.reason, statusSequence: event.statusSequence };
    case "OrderStepStarted": {
      const { step, correlationId, deadline, attempt, reason, amount } = event;
      const undoing = checkout.undoing && {
        ...checkout.undoing,
        remaining: checkout.undoing.remaining.filter((s) => s !== step),
      };
      const isNewRefund = step === "refund-payment" && !order.refunds.some((r) => r.correlationId === correlationId);
      return {
        ...next,
        checkout: { ...checkout, awaiting: { step, correlationId, deadline, attempt, reason, amount }, undoing },
        refunds: isNewRefund
          ? [
              ...order.refunds,
              {
                number: order.refunds.length + 1,
                correlationId,
                requested: amount,
                state: "REQUESTED",
                reason,
                requestTime: event.at,
              },
            ]
          : order.refunds,
      };
    }
    case "OrderStepSucceeded": {
      const refunded = event.step === "refund-payment" ? event.amount : undefined;
      return {
        ...next,
        checkout: { ...checkout, done: [...checkout.done, event.step], awaiting: undefined },
        refunds: order.refunds.map((r) =>
          r.correlationId === event.correlationId ? { ...r, state: "REFUNDED", refunded } : r,
        ),
        refundedTotal: refunded
          ? { ...order.refundedTotal, amountMinor: order.refundedTotal.amountMinor + refunded.amountMinor }
          : order.refundedTotal,
      };
    }
    case "OrderStepFailed":
      return {
        ...next,
        checkout: { ...checkout, awaiting: undefined },
        refunds: order.refunds.map((r) => (r.correlationId === event.correlationId ? { ...r, state: "FAILED" } : r)),
      };
    case "OrderStepTimedOut":
      return { ...next, checkout: { ...checkout, awaiting: undefined } };
    case "OrderCompensationStarted": {
      const { settleAs, reason, steps } = event;
      return {
        ...next,
        checkout: { ...checkout, undoing: { settleAs, reason, remaining: steps, from: order.status } },
        cancellation: settleAs === "CANCELLED" ? { reason, requestTime: event.at } : order.cancellation,
      };
    }
    case "OrderCancellationRefused":
      return {
        ...next,
        checkout: { ...checkout, undoing: undefined },
        cancellation: order.cancellation && { ...order.cancellation, refusal: event.reason },
      };
    case "OrderCancelled":
    case "OrderFailed":
      return { ...next, checkout: { ...checkout, awaiting: undefined, undoing: undefined } };
    case "OrderShipped":
      return { ...next, checkout: { ...checkout, parcel: checkout.parcel ?? "IN_TRANSIT" } };
    case "OrderDelivered":
      return { ...next, checkout: { ...checkout, parcel: "DELIVERED" } };
    // The status itself comes with the OrderStatusChanged after it.
    case "OrderConfirmed":
      return next;
  }
}

/** Folds events onto a state (a snapshot's, or none for the whole stream). */
export const replay = (events: readonly VersionedOrderEvent[], from?: Order): Order | undefined =>
  events.reduce<Order | undefined>((order, e) => evolve(order, e.event, e.version), from);

/** What placing an order needs: priced lines, the address snapshot and the shipping price. */
export interface NewOrder {
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  shippingAddress: ShippingAddress;
  shipping: Money;
}

/** Sum of unit price times quantity, all in the order's currency. */
export function subtotalOf(lines: readonly OrderLine[], currency: string): Money {
  const amountMinor = lines.reduce((sum, l) => sum + l.unitPrice.amountMinor * l.quantity, 0n);
  return { currency, amountMinor };
}

/** OrderPlaced, then its first status: PENDING, status sequence 1. */
export function placeOrder(input: NewOrder, at: Date): OrderEvent[] {
  if (input.lines.length === 0) throw new AppError("FAILED_PRECONDITION", "an order needs at least one line");
  const currency = input.shipping.currency;
  if (input.lines.some((l) => l.unitPrice.currency !== currency))
    throw new AppError("FAILED_PRECONDITION", "every line of an order must be priced in one currency");
  const subtotal = subtotalOf(input.lines, currency);
  const total = { currency, amountMinor: subtotal.amountMinor + input.shipping.amountMinor };
  const { orderId, customerId } = input;
  return [
    { type: "OrderPlaced", ...input, currency, subtotal, total, at },
    { type: "OrderStatusChanged", orderId, customerId, status: "PENDING", reason: "", statusSequence: 1, at },
  ];
}

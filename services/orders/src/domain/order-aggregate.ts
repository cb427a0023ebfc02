import { AppError, type Money } from "@emporium/platform";
import type { Order, OrderLine, OrderStatus, ShippingAddress } from "./order";
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
      version,
      createTime: at,
      updateTime: at,
    };
  }
  if (!order) throw new Error(`${event.type} before OrderPlaced in order ${event.orderId}`);
  if (event.type === "OrderStatusChanged")
    return {
      ...order,
      status: event.status,
      statusReason: event.reason,
      statusSequence: event.statusSequence,
      version,
      updateTime: event.at,
    };
  // Confirmed, cancelled and failed say why; the status itself comes with the OrderStatusChanged after them.
  return { ...order, version, updateTime: event.at };
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

/** A customer (or the saga) cancels a PENDING order; anything else is FAILED_PRECONDITION. */
export function cancelOrder(order: Order, reason: string, at: Date): OrderEvent[] {
  requirePending(order, "cancelled");
  return [
    { type: "OrderCancelled", orderId: order.id, customerId: order.customerId, reason, at },
    next(order, "CANCELLED", reason, at),
  ];
}

/** The saga's seams: a PENDING order is confirmed once paid for and reserved, or fails. */
export function confirmOrder(order: Order, at: Date): OrderEvent[] {
  requirePending(order, "confirmed");
  return [
    { type: "OrderConfirmed", orderId: order.id, customerId: order.customerId, at },
    next(order, "CONFIRMED", "", at),
  ];
}

export function failOrder(order: Order, reason: string, at: Date): OrderEvent[] {
  requirePending(order, "failed");
  return [
    { type: "OrderFailed", orderId: order.id, customerId: order.customerId, reason, at },
    next(order, "FAILED", reason, at),
  ];
}

function requirePending(order: Order, wanted: string): void {
  if (order.status !== "PENDING")
    throw new AppError(
      "FAILED_PRECONDITION",
      `order ${order.id} is ${order.status}: only a PENDING order can be ${wanted}`,
    );
}

const next = (order: Order, status: OrderStatus, reason: string, at: Date): OrderEvent => ({
  type: "OrderStatusChanged",
  orderId: order.id,
  customerId: order.customerId,
  status,
  reason,
  statusSequence: order.statusSequence + 1,
  at,
});

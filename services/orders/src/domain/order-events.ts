import type { Money } from "@emporium/platform";
import type { OrderLine, OrderStatus, ShippingAddress } from "./order";

/** What happened to an order; its stream of these is the order. Versions come from the stream. */
export type OrderEvent = OrderPlaced | OrderStatusChanged | OrderConfirmed | OrderCancelled | OrderFailed;

export interface OrderPlaced {
  type: "OrderPlaced";
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  shippingAddress: ShippingAddress;
  currency: string;
  subtotal: Money;
  shipping: Money;
  total: Money;
  at: Date;
}

/** Follows every event that gives the order a status, PENDING included. */
export interface OrderStatusChanged {
  type: "OrderStatusChanged";
  orderId: string;
  customerId: string;
  status: OrderStatus;
  reason: string;
  statusSequence: number;
  at: Date;
}

export interface OrderConfirmed {
  type: "OrderConfirmed";
  orderId: string;
  customerId: string;
  at: Date;
}

export interface OrderCancelled {
  type: "OrderCancelled";
  orderId: string;
  customerId: string;
  reason: string;
  at: Date;
}

export interface OrderFailed {
  type: "OrderFailed";
  orderId: string;
  customerId: string;
  reason: string;
  at: Date;
}

/** An event at its place in its stream. */
export interface VersionedOrderEvent {
  version: number;
  event: OrderEvent;
}

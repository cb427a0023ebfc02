import type { Money } from "@emporium/platform";
import type { CompensationStep, OrderLine, OrderStatus, ShippingAddress, Step } from "./order";

/** What happened to an order; its stream of these is the order. Versions come from the stream. */
export type OrderEvent =
  | OrderPlaced
  | OrderStatusChanged
  | OrderConfirmed
  | OrderCancelled
  | OrderFailed
  | OrderStepStarted
  | OrderStepSucceeded
  | OrderStepFailed
  | OrderStepTimedOut
  | OrderCompensationStarted
  | OrderCancellationRefused
  | OrderShipped
  | OrderDelivered;

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

/** The checkout sent a step's command and waits for its reply until `deadline`. */
export interface OrderStepStarted {
  type: "OrderStepStarted";
  orderId: string;
  customerId: string;
  step: Step;
  correlationId: string;
  deadline: Date;
  attempt: number;
  reason: string;
  /** A refund's amount (none: everything still refundable). */
  amount?: Money;
  at: Date;
}

/** The awaited step's participant did it. */
export interface OrderStepSucceeded {
  type: "OrderStepSucceeded";
  orderId: string;
  customerId: string;
  step: Step;
  correlationId: string;
  /** The participant's id of what it made (reservation, payment, shipment, refund); may be empty. */
  reference: string;
  /** What a refund gave back. */
  amount?: Money;
  at: Date;
}

/** The awaited step's participant did nothing and never will for this step. */
export interface OrderStepFailed {
  type: "OrderStepFailed";
  orderId: string;
  customerId: string;
  step: Step;
  correlationId: string;
  reason: string;
  at: Date;
}

/** No reply came by the awaited step's deadline. */
export interface OrderStepTimedOut {
  type: "OrderStepTimedOut";
  orderId: string;
  customerId: string;
  step: Step;
  correlationId: string;
  attempt: number;
  at: Date;
}

/** The order undoes what was done (and what may still be done), then settles as `settleAs`. */
export interface OrderCompensationStarted {
  type: "OrderCompensationStarted";
  orderId: string;
  customerId: string;
  settleAs: "FAILED" | "CANCELLED";
  reason: string;
  steps: CompensationStep[];
  at: Date;
}

/** A confirmed order's cancellation could not be done (its parcel is in transit); the order goes on. */
export interface OrderCancellationRefused {
  type: "OrderCancellationRefused";
  orderId: string;
  customerId: string;
  reason: string;
  at: Date;
}

/** The confirmed order's parcel is in transit; followed by its OrderStatusChanged (SHIPPED). */
export interface OrderShipped {
  type: "OrderShipped";
  orderId: string;
  customerId: string;
  at: Date;
}

/** The parcel arrived; followed by its OrderStatusChanged (DELIVERED). */
export interface OrderDelivered {
  type: "OrderDelivered";
  orderId: string;
  customerId: string;
  at: Date;
}

/** An event at its place in its stream. */
export interface VersionedOrderEvent {
  version: number;
  event: OrderEvent;
}

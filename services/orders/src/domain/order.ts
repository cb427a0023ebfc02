import type { Money } from "@emporium/platform";

/**
 * PENDING while the checkout saga runs; it settles the order CONFIRMED, FAILED or (when the
 * customer or an admin cancels) CANCELLED. A confirmed order follows its parcel: SHIPPED, DELIVERED.
 */
export type OrderStatus = "PENDING" | "CONFIRMED" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "FAILED";

/** The statuses an order ends the checkout in: the saga is done with it. */
export const SETTLED_STATUSES: readonly OrderStatus[] = ["CONFIRMED", "CANCELLED", "FAILED"];

/** One SKU of an order, at the price it was sold for. */
export interface OrderLine {
  skuId: string;
  productId: string;
  /** The product's name when the order was placed. */
  name: string;
  quantity: bigint;
  unitPrice: Money;
}

/** The customer's address as it was when the order was placed. */
export interface ShippingAddress {
  /** The customer's address it was copied from. */
  addressId: string;
  recipient: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  countryCode: string;
}

/** An order's state: what its events add up to. */
export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  /** Why it is in its status (empty for PENDING and CONFIRMED). */
  statusReason: string;
  /** 1 when placed, one more per later status change: no gaps. */
  statusSequence: number;
  lines: OrderLine[];
  shippingAddress: ShippingAddress;
  currency: string;
  subtotal: Money;
  shipping: Money;
  total: Money;
  /** Where the checkout saga is: what it did, what it waits for, what it still has to undo. */
  checkout: Checkout;
  /** Set once a cancellation was asked for (by the customer or an admin). */
  cancellation?: Cancellation;
  /** Refunds asked for, in order (number 1, 2, ...). */
  refunds: Refund[];
  /** What payments confirmed as refunded, all refunds together. */
  refundedTotal: Money;
  /** The version of the order's stream this state reflects (its last event's). */
  version: number;
  createTime: Date;
  updateTime: Date;
}

/** The steps of the checkout saga, forward, then the ones that undo or give back. */
export const FORWARD_STEPS = [
  "reserve-stock",
  "authorize-payment",
  "create-shipment",
  "capture-payment",
  "commit-reservation",
] as const;
export type ForwardStep = (typeof FORWARD_STEPS)[number];
export type CompensationStep =
  "cancel-shipment" | "void-payment" | "release-reservation" | "refund-payment" | "return-stock";
export type Step = ForwardStep | CompensationStep;

/** A command the order sent and waits to hear back about. */
export interface AwaitedStep {
  step: Step;
  /** `<order id>:<step>` (`<order id>:refund:<n>` for refunds): the reply echoes it. */
  correlationId: string;
  /** When the step times out (the command's expire_time). */
  deadline: Date;
  /** 1, then one more each time a compensation is sent again after its deadline. */
  attempt: number;
  /** Why (compensations and refunds say it to the participant). */
  reason: string;
  /** A refund's amount; none for "everything still refundable". */
  amount?: Money;
}

/** The order is undoing what the checkout did: how it settles once that is done. */
export interface Undoing {
  settleAs: "FAILED" | "CANCELLED";
  reason: string;
  /** Steps still to start after the awaited one, in order. */
  remaining: CompensationStep[];
  /** The status the order had when the undoing began (a confirmed order's cancellation can be refused). */
  from: OrderStatus;
}

export interface Checkout {
  /** Steps that succeeded, in the order they did. */
  done: Step[];
  awaiting?: AwaitedStep;
  undoing?: Undoing;
  /** The carrier's latest news of the parcel (it may come before the order is confirmed). */
  parcel?: "IN_TRANSIT" | "DELIVERED";
}

export interface Cancellation {
  reason: string;
  requestTime: Date;
  /** Why it could not be done (the parcel was already in transit); the order keeps going. */
  refusal?: string;
}

export interface Refund {
  /** 1, 2, ... per order; its correlation id is `<order id>:refund:<number>`. */
  number: number;
  correlationId: string;
  /** What was asked for; none: everything still refundable. */
  requested?: Money;
  /** What payments refunded. */
  refunded?: Money;
  state: "REQUESTED" | "REFUNDED" | "FAILED";
  reason: string;
  requestTime: Date;
}

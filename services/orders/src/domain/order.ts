import type { Money } from "@emporium/platform";

/** PENDING when placed; the fulfilment saga confirms or fails it, the customer may cancel it. */
export type OrderStatus = "PENDING" | "CONFIRMED" | "CANCELLED" | "FAILED";

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
  /** The version of the order's stream this state reflects (its last event's). */
  version: number;
  createTime: Date;
  updateTime: Date;
}

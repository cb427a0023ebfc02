import type { Money } from "@emporium/platform";
import type { Cancellation, Checkout, Order, OrderLine, Refund, ShippingAddress } from "../domain/order";

/** Order lines as JSON (bigints as strings): the read model's and the snapshot's column. */
export const linesToJson = (lines: readonly OrderLine[]) =>
  lines.map((l) => ({
    ...l,
    quantity: l.quantity.toString(),
    unitPrice: { currency: l.unitPrice.currency, amountMinor: l.unitPrice.amountMinor.toString() },
  }));

type LineJson = ReturnType<typeof linesToJson>[number];

export const linesFromJson = (lines: readonly LineJson[]): OrderLine[] =>
  lines.map((l) => ({
    ...l,
    quantity: BigInt(l.quantity),
    unitPrice: { currency: l.unitPrice.currency, amountMinor: BigInt(l.unitPrice.amountMinor) },
  }));

interface MoneyJson {
  currency: string;
  amountMinor: string;
}
const moneyToJson = (m: Money | undefined): MoneyJson | undefined =>
  m && { currency: m.currency, amountMinor: m.amountMinor.toString() };
const moneyFromJson = (m: MoneyJson | undefined): Money | undefined =>
  m && { currency: m.currency, amountMinor: BigInt(m.amountMinor) };

/** The checkout's progress as JSON (dates as RFC 3339, amounts as strings). */
export const checkoutToJson = (c: Checkout) => ({
  done: c.done,
  awaiting: c.awaiting && {
    ...c.awaiting,
    deadline: c.awaiting.deadline.toISOString(),
    amount: moneyToJson(c.awaiting.amount),
  },
  undoing: c.undoing,
  parcel: c.parcel,
});
type CheckoutJson = ReturnType<typeof checkoutToJson>;
const checkoutFromJson = (c: CheckoutJson): Checkout => ({
  done: c.done,
  awaiting: c.awaiting && {
    ...c.awaiting,
    deadline: new Date(c.awaiting.deadline),
    amount: moneyFromJson(c.awaiting.amount),
  },
  undoing: c.undoing,
  parcel: c.parcel,
});

const refundsToJson = (refunds: readonly Refund[]) =>
  refunds.map((r) => ({
    ...r,
    requested: moneyToJson(r.requested),
    refunded: moneyToJson(r.refunded),
    requestTime: r.requestTime.toISOString(),
  }));
type RefundJson = ReturnType<typeof refundsToJson>[number];
const refundsFromJson = (refunds: readonly RefundJson[]): Refund[] =>
  refunds.map((r) => ({
    ...r,
    requested: moneyFromJson(r.requested),
    refunded: moneyFromJson(r.refunded),
    requestTime: new Date(r.requestTime),
  }));

type CancellationJson = Omit<Cancellation, "requestTime"> & { requestTime: string };

/** A row of order_views (and the snapshot's state, which has the same fields). */
export interface OrderRow {
  order_id: string;
  customer_id: string;
  status: Order["status"];
  status_reason: string;
  status_sequence: number;
  lines: LineJson[];
  shipping_address: ShippingAddress;
  currency: string;
  subtotal_minor: string;
  shipping_minor: string;
  total_minor: string;
  checkout: CheckoutJson;
  cancellation: CancellationJson | null;
  refunds: RefundJson[];
  refunded_minor: string;
  version: string;
  create_time: Date | string;
  update_time: Date | string;
}

export const orderToRow = (o: Order): OrderRow => ({
  order_id: o.id,
  customer_id: o.customerId,
  status: o.status,
  status_reason: o.statusReason,
  status_sequence: o.statusSequence,
  lines: linesToJson(o.lines),
  shipping_address: o.shippingAddress,
  currency: o.currency,
  subtotal_minor: o.subtotal.amountMinor.toString(),
  shipping_minor: o.shipping.amountMinor.toString(),
  total_minor: o.total.amountMinor.toString(),
  checkout: checkoutToJson(o.checkout),
  cancellation: o.cancellation ? { ...o.cancellation, requestTime: o.cancellation.requestTime.toISOString() } : null,
  refunds: refundsToJson(o.refunds),
  refunded_minor: o.refundedTotal.amountMinor.toString(),
  version: String(o.version),
  create_time: o.createTime,
  update_time: o.updateTime,
});

export const orderFromRow = (r: OrderRow): Order => ({
  id: r.order_id,
  customerId: r.customer_id,
  status: r.status,
  statusReason: r.status_reason,
  statusSequence: Number(r.status_sequence),
  lines: linesFromJson(r.lines),
  shippingAddress: r.shipping_address,
  currency: r.currency,
  subtotal: { currency: r.currency, amountMinor: BigInt(r.subtotal_minor) },
  shipping: { currency: r.currency, amountMinor: BigInt(r.shipping_minor) },
  total: { currency: r.currency, amountMinor: BigInt(r.total_minor) },
  checkout: checkoutFromJson(r.checkout),
  cancellation: r.cancellation ? { ...r.cancellation, requestTime: new Date(r.cancellation.requestTime) } : undefined,
  refunds: refundsFromJson(r.refunds),
  refundedTotal: { currency: r.currency, amountMinor: BigInt(r.refunded_minor) },
  version: Number(r.version),
  createTime: new Date(r.create_time),
  updateTime: new Date(r.update_time),
});

/** The columns of order_views, in the order orderToRow gives them. */
export const ORDER_ROW_COLUMNS: ReadonlyArray<keyof OrderRow> = [
  "order_id",
  "customer_id",
  "status",
  "status_reason",
  "status_sequence",
  "lines",
  "shipping_address",
  "currency",
  "subtotal_minor",
  "shipping_minor",
  "total_minor",
  "checkout",
  "cancellation",
  "refunds",
  "refunded_minor",
  "version",
  "create_time",
  "update_time",
];

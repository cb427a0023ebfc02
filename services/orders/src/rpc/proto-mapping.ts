import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  OrderRefundState,
  OrderSchema,
  OrderStep,
  type OrderStatus as OrderStatusProto,
} from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { Money } from "@emporium/platform";
import { lineToProto, statusFromProto, statusToProto, stepToProto } from "../application/order-event-codec";
import type { Order } from "../domain/order";

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });

export const orderToProto = (o: Order) =>
  create(OrderSchema, {
    id: o.id,
    customerId: o.customerId,
    status: statusToProto(o.status),
    statusReason: o.statusReason,
    statusSequence: BigInt(o.statusSequence),
    lines: o.lines.map(lineToProto),
    shippingAddress: o.shippingAddress,
    subtotal: money(o.subtotal),
    shipping: money(o.shipping),
    total: money(o.total),
    version: BigInt(o.version),
    createTime: timestampFromDate(o.createTime),
    updateTime: timestampFromDate(o.updateTime),
    cancellation: o.cancellation && {
      reason: o.cancellation.reason,
      requestTime: timestampFromDate(o.cancellation.requestTime),
      refusal: o.cancellation.refusal ?? "",
    },
    refunds: o.refunds.map((r) => ({
      number: r.number,
      state: OrderRefundState[r.state],
      requested: r.requested && money(r.requested),
      refunded: r.refunded && money(r.refunded),
      reason: r.reason,
      requestTime: timestampFromDate(r.requestTime),
    })),
    refundedTotal: money(o.refundedTotal),
    awaitedStep: o.checkout.awaiting ? stepToProto(o.checkout.awaiting.step) : OrderStep.UNSPECIFIED,
  });

export const statusOf = (s: OrderStatusProto) => statusFromProto(s);

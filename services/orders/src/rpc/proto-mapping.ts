import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { OrderSchema, type OrderStatus as OrderStatusProto } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { Money } from "@emporium/platform";
import { lineToProto, statusFromProto, statusToProto } from "../application/order-event-codec";
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
  });

export const statusOf = (s: OrderStatusProto) => statusFromProto(s);

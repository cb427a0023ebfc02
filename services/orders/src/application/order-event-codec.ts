import { create, fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  OrderCancelledSchema,
  OrderConfirmedSchema,
  OrderFailedSchema,
  OrderPlacedSchema,
  OrderStatusChangedSchema,
} from "@emporium/contracts/emporium/orders/v1/events_pb";
import {
  OrderStatus as OrderStatusProto,
  type OrderLine as OrderLineProto,
  type ShippingAddress as ShippingAddressProto,
} from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { Money as MoneyProto } from "@emporium/contracts/emporium/type/v1/money_pb";
import type { EventToRecord, Money } from "@emporium/platform";
import type { OrderLine, OrderStatus, ShippingAddress } from "../domain/order";
import type { OrderEvent } from "../domain/order-events";

/**
 * Order events as protobuf: the payload stored in the order's stream is the very message the
 * outbox publishes, so a subscriber and a replay read the same bytes.
 */
export const ORDER_EVENT_SCHEMAS = {
  OrderPlaced: OrderPlacedSchema,
  OrderStatusChanged: OrderStatusChangedSchema,
  OrderConfirmed: OrderConfirmedSchema,
  OrderCancelled: OrderCancelledSchema,
  OrderFailed: OrderFailedSchema,
} as const;

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });
const fromMoney = (m: MoneyProto | undefined): Money => ({ currency: m!.currencyCode, amountMinor: m!.amountMinor });
const time = (t: Timestamp | undefined) => timestampDate(t!);
export const statusToProto = (s: OrderStatus): OrderStatusProto => OrderStatusProto[s];
export const statusFromProto = (s: OrderStatusProto) => OrderStatusProto[s] as OrderStatus;
export const lineToProto = (l: OrderLine) => ({ ...l, unitPrice: money(l.unitPrice) });
const lineFromProto = (l: OrderLineProto): OrderLine => ({
  skuId: l.skuId,
  productId: l.productId,
  name: l.name,
  quantity: l.quantity,
  unitPrice: fromMoney(l.unitPrice),
});
const addressFromProto = ({ $typeName: _, ...a }: ShippingAddressProto): ShippingAddress => a;

/** The outbox record of an event at `version` of its order's stream. */
export function orderEventRecord(event: OrderEvent, version: number, traceparent?: string): EventToRecord<DescMessage> {
  const common = { orderId: event.orderId, customerId: event.customerId };
  const at = timestampFromDate(event.at);
  const record = <D extends DescMessage>(schema: D, payload: EventToRecord<D>["payload"]): EventToRecord<DescMessage> =>
    ({
      schema,
      payload: create(schema, payload as never),
      aggregateId: event.orderId,
      aggregateVersion: version,
      traceparent,
    }) as never;
  switch (event.type) {
    case "OrderPlaced":
      return record(OrderPlacedSchema, {
        ...common,
        lines: event.lines.map(lineToProto),
        shippingAddress: event.shippingAddress,
        currencyCode: event.currency,
        subtotal: money(event.subtotal),
        shipping: money(event.shipping),
        total: money(event.total),
        placeTime: at,
      });
    case "OrderStatusChanged":
      return record(OrderStatusChangedSchema, {
        ...common,
        status: statusToProto(event.status),
        reason: event.reason,
        version: BigInt(version),
        statusSequence: BigInt(event.statusSequence),
        changeTime: at,
      });
    case "OrderConfirmed":
      return record(OrderConfirmedSchema, { ...common, confirmTime: at });
    case "OrderCancelled":
      return record(OrderCancelledSchema, { ...common, reason: event.reason, cancelTime: at });
    case "OrderFailed":
      return record(OrderFailedSchema, { ...common, reason: event.reason, failTime: at });
  }
}

/** An event back from its stored type name and payload. */
export function orderEventFrom(typeName: string, payload: Uint8Array): OrderEvent {
  const name = typeName.slice(typeName.lastIndexOf(".") + 1) as OrderEvent["type"];
  switch (name) {
    case "OrderPlaced": {
      const e = fromBinary(OrderPlacedSchema, payload);
      return {
        type: name,
        orderId: e.orderId,
        customerId: e.customerId,
        lines: e.lines.map(lineFromProto),
        shippingAddress: addressFromProto(e.shippingAddress!),
        currency: e.currencyCode,
        subtotal: fromMoney(e.subtotal),
        shipping: fromMoney(e.shipping),
        total: fromMoney(e.total),
        at: time(e.placeTime),
      };
    }
    case "OrderStatusChanged": {
      const e = fromBinary(OrderStatusChangedSchema, payload);
      const { orderId, customerId, reason } = e;
      const status = statusFromProto(e.status);
      return {
        type: name,
        orderId,
        customerId,
        status,
        reason,
        statusSequence: Number(e.statusSequence),
        at: time(e.changeTime),
      };
    }
    case "OrderConfirmed": {
      const e = fromBinary(OrderConfirmedSchema, payload);
      return { type: name, orderId: e.orderId, customerId: e.customerId, at: time(e.confirmTime) };
    }
    case "OrderCancelled": {
      const e = fromBinary(OrderCancelledSchema, payload);
      return { type: name, orderId: e.orderId, customerId: e.customerId, reason: e.reason, at: time(e.cancelTime) };
    }
    case "OrderFailed": {
      const e = fromBinary(OrderFailedSchema, payload);
      return { type: name, orderId: e.orderId, customerId: e.customerId, reason: e.reason, at: time(e.failTime) };
    }
  }
  throw new Error(`unknown order event type ${typeName}`);
}

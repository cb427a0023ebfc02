import { create, fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  OrderCancellationRefusedSchema,
  OrderCancelledSchema,
  OrderCompensationStartedSchema,
  OrderConfirmedSchema,
  OrderDeliveredSchema,
  OrderFailedSchema,
  OrderPlacedSchema,
  OrderShippedSchema,
  OrderStatusChangedSchema,
  OrderStepFailedSchema,
  OrderStepStartedSchema,
  OrderStepSucceededSchema,
  OrderStepTimedOutSchema,
} from "@emporium/contracts/emporium/orders/v1/events_pb";
import {
  OrderStatus as OrderStatusProto,
  OrderStep as OrderStepProto,
  type OrderLine as OrderLineProto,
  type ShippingAddress as ShippingAddressProto,
} from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { Money as MoneyProto } from "@emporium/contracts/emporium/type/v1/money_pb";
import type { EventToRecord, Money } from "@emporium/platform";
import type { CompensationStep, OrderLine, OrderStatus, ShippingAddress, Step } from "../domain/order";
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
  OrderStepStarted: OrderStepStartedSchema,
  OrderStepSucceeded: OrderStepSucceededSchema,
  OrderStepFailed: OrderStepFailedSchema,
  OrderStepTimedOut: OrderStepTimedOutSchema,
  OrderCompensationStarted: OrderCompensationStartedSchema,
  OrderCancellationRefused: OrderCancellationRefusedSchema,
  OrderShipped: OrderShippedSchema,
  OrderDelivered: OrderDeliveredSchema,
} as const;

/** The steps as the proto enum names them (RESERVE_STOCK for reserve-stock). */
export const stepToProto = (s: Step): OrderStepProto =>
  OrderStepProto[s.toUpperCase().replaceAll("-", "_") as keyof typeof OrderStepProto];
export const stepFromProto = <S extends Step = Step>(s: OrderStepProto): S =>
  OrderStepProto[s].toLowerCase().replaceAll("_", "-") as S;

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });
const fromMoney = (m: MoneyProto | undefined): Money => ({ currency: m!.currencyCode, amountMinor: m!.amountMinor });
const optionalMoney = (m: Money | undefined) => m && money(m);
const fromOptionalMoney = (m: MoneyProto | undefined): Money | undefined => m && fromMoney(m);
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
    case "OrderStepStarted":
      return record(OrderStepStartedSchema, {
        ...common,
        step: stepToProto(event.step),
        correlationId: event.correlationId,
        deadline: timestampFromDate(event.deadline),
        attempt: event.attempt,
        reason: event.reason,
        amount: optionalMoney(event.amount),
        startTime: at,
      });
    case "OrderStepSucceeded":
      return record(OrderStepSucceededSchema, {
        ...common,
        step: stepToProto(event.step),
        correlationId: event.correlationId,
        reference: event.reference,
        amount: optionalMoney(event.amount),
        succeedTime: at,
      });
    case "OrderStepFailed":
      return record(OrderStepFailedSchema, {
        ...common,
        step: stepToProto(event.step),
        correlationId: event.correlationId,
        reason: event.reason,
        failTime: at,
      });
    case "OrderStepTimedOut":
      return record(OrderStepTimedOutSchema, {
        ...common,
        step: stepToProto(event.step),
        correlationId: event.correlationId,
        attempt: event.attempt,
        timeOutTime: at,
      });
    case "OrderCompensationStarted":
      return record(OrderCompensationStartedSchema, {
        ...common,
        settleAs: statusToProto(event.settleAs),
        reason: event.reason,
        steps: event.steps.map(stepToProto),
        startTime: at,
      });
    case "OrderCancellationRefused":
      return record(OrderCancellationRefusedSchema, { ...common, reason: event.reason, refuseTime: at });
    case "OrderShipped":
      return record(OrderShippedSchema, { ...common, shipTime: at });
    case "OrderDelivered":
      return record(OrderDeliveredSchema, { ...common, deliverTime: at });
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
    case "OrderStepStarted": {
      const e = fromBinary(OrderStepStartedSchema, payload);
      return {
        type: name,
        orderId: e.orderId,
        customerId: e.customerId,
        step: stepFromProto(e.step),
        correlationId: e.correlationId,
        deadline: time(e.deadline),
        attempt: e.attempt,
        reason: e.reason,
        amount: fromOptionalMoney(e.amount),
        at: time(e.startTime),
      };
    }
    case "OrderStepSucceeded": {
      const e = fromBinary(OrderStepSucceededSchema, payload);
      return {
        type: name,
        orderId: e.orderId,
        customerId: e.customerId,
        step: stepFromProto(e.step),
        correlationId: e.correlationId,
        reference: e.reference,
        amount: fromOptionalMoney(e.amount),
        at: time(e.succeedTime),
      };
    }
    case "OrderStepFailed": {
      const e = fromBinary(OrderStepFailedSchema, payload);
      const { orderId, customerId, correlationId, reason } = e;
      return {
        type: name,
        orderId,
        customerId,
        step: stepFromProto(e.step),
        correlationId,
        reason,
        at: time(e.failTime),
      };
    }
    case "OrderStepTimedOut": {
      const e = fromBinary(OrderStepTimedOutSchema, payload);
      const { orderId, customerId, correlationId, attempt } = e;
      const step = stepFromProto(e.step);
      return { type: name, orderId, customerId, step, correlationId, attempt, at: time(e.timeOutTime) };
    }
    case "OrderCompensationStarted": {
      const e = fromBinary(OrderCompensationStartedSchema, payload);
      return {
        type: name,
        orderId: e.orderId,
        customerId: e.customerId,
        settleAs: statusFromProto(e.settleAs) as "FAILED" | "CANCELLED",
        reason: e.reason,
        steps: e.steps.map((s) => stepFromProto<CompensationStep>(s)),
        at: time(e.startTime),
      };
    }
    case "OrderCancellationRefused": {
      const e = fromBinary(OrderCancellationRefusedSchema, payload);
      return { type: name, orderId: e.orderId, customerId: e.customerId, reason: e.reason, at: time(e.refuseTime) };
    }
    case "OrderShipped": {
      const e = fromBinary(OrderShippedSchema, payload);
      return { type: name, orderId: e.orderId, customerId: e.customerId, at: time(e.shipTime) };
    }
    case "OrderDelivered": {
      const e = fromBinary(OrderDeliveredSchema, payload);
      return { type: name, orderId: e.orderId, customerId: e.customerId, at: time(e.deliverTime) };
    }
  }
  throw new Error(`unknown order event type ${typeName}`);
}

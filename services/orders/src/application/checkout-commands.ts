import { create, type DescMessage } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  CommitReservationCommandSchema,
  ReleaseReservationCommandSchema,
  ReserveStockCommandSchema,
  ReturnStockCommandSchema,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import {
  AuthorizePaymentCommandSchema,
  CapturePaymentCommandSchema,
  RefundPaymentCommandSchema,
  VoidPaymentCommandSchema,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import {
  CancelShipmentCommandSchema,
  CreateShipmentCommandSchema,
} from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import type { EventToRecord, Money } from "@emporium/platform";
import type { CheckoutCommand } from "../domain/checkout";
import type { Placement } from "./orders-deps";

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });

/**
 * A checkout command as the participant's protobuf message, for the outbox (`recordCommand`). The
 * payment method token and the shipping quote come from the order's placement: they are never
 * part of an order event.
 */
export function commandRecord(
  command: CheckoutCommand,
  placement: Placement | undefined,
  orderVersion: number,
  traceparent?: string,
): EventToRecord<DescMessage> {
  const common = {
    orderId: command.orderId,
    correlationId: command.correlationId,
    expireTime: timestampFromDate(command.expireTime),
  };
  const record = <D extends DescMessage>(schema: D, payload: EventToRecord<D>["payload"]): EventToRecord<DescMessage> =>
    ({
      schema,
      payload: create(schema, payload as never),
      aggregateId: command.orderId,
      aggregateVersion: orderVersion,
      traceparent,
    }) as never;
  switch (command.step) {
    case "reserve-stock":
      return record(ReserveStockCommandSchema, {
        ...common,
        lines: command.lines,
        holdUntil: timestampFromDate(command.holdUntil),
      });
    case "authorize-payment":
      return record(AuthorizePaymentCommandSchema, {
        ...common,
        customerId: command.customerId,
        amount: money(command.amount),
        paymentMethodToken: placementOf(command, placement).paymentMethodToken,
      });
    case "create-shipment": {
      const { recipient, line1, line2, city, postalCode, countryCode } = command.address;
      return record(CreateShipmentCommandSchema, {
        ...common,
        customerId: command.customerId,
        quoteId: placementOf(command, placement).shippingQuoteId,
        address: { recipientName: recipient, line1, line2, city, postalCode, countryCode },
      });
    }
    case "capture-payment":
      return record(CapturePaymentCommandSchema, common);
    case "commit-reservation":
      return record(CommitReservationCommandSchema, common);
    case "cancel-shipment":
      return record(CancelShipmentCommandSchema, { ...common, reason: command.reason });
    case "void-payment":
      return record(VoidPaymentCommandSchema, { ...common, reason: command.reason });
    case "release-reservation":
      return record(ReleaseReservationCommandSchema, { ...common, reason: command.reason });
    case "refund-payment":
      return record(RefundPaymentCommandSchema, {
        ...common,
        amount: command.amount && money(command.amount),
        reason: command.reason,
      });
    case "return-stock":
      return record(ReturnStockCommandSchema, { ...common, reason: command.reason });
  }
}

function placementOf(command: CheckoutCommand, placement: Placement | undefined): Placement {
  if (!placement) throw new Error(`order ${command.orderId} has no placement: cannot send ${command.step}`);
  return placement;
}

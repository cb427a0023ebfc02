import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  ServiceLevel as ServiceLevelProto,
  ShipmentSchema,
  ShippingQuoteSchema,
  type Shipment as ShipmentProto,
  type ShippingQuote as ShippingQuoteProto,
} from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import type {
  CreateShipmentRequest,
  QuoteShippingRequest,
} from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import type { Money } from "@emporium/platform";
import { shipmentStatusToProto } from "../application/shipping-events";
import type { CreateShipmentCommand } from "../application/create-shipment";
import type { QuoteRequest } from "../application/quote-shipping";
import type { Shipment } from "../domain/shipment";
import type { ServiceLevel, ShippingQuote } from "../domain/shipping-quote";

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });

export const serviceLevelFromProto = (level: ServiceLevelProto): ServiceLevel =>
  level === ServiceLevelProto.EXPRESS ? "EXPRESS" : "STANDARD";

export function quoteToProto(q: ShippingQuote): ShippingQuoteProto {
  return create(ShippingQuoteSchema, {
    id: q.id,
    destination: q.destination,
    serviceLevel: ServiceLevelProto[q.serviceLevel],
    weightGrams: BigInt(q.weightGrams),
    price: money(q.price),
    createTime: timestampFromDate(q.createTime),
    expireTime: timestampFromDate(q.expireTime),
  });
}

export function shipmentToProto(s: Shipment): ShipmentProto {
  return create(ShipmentSchema, {
    id: s.id,
    orderId: s.orderId,
    customerId: s.customerId,
    quoteId: s.quoteId,
    address: s.address,
    serviceLevel: ServiceLevelProto[s.serviceLevel],
    weightGrams: BigInt(s.weightGrams),
    price: money(s.price),
    status: shipmentStatusToProto(s.status),
    failureReason: s.failureReason,
    version: s.version,
    createTime: timestampFromDate(s.createTime),
    updateTime: timestampFromDate(s.updateTime),
  });
}

// `required` rules in the protos guarantee destination and address are set by the time these run.
export const quoteRequestFromProto = (req: QuoteShippingRequest): QuoteRequest => ({
  destination: { countryCode: req.destination!.countryCode, postalCode: req.destination!.postalCode },
  lines: req.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
  serviceLevel: serviceLevelFromProto(req.serviceLevel),
});

export function createShipmentFromProto(req: CreateShipmentRequest): CreateShipmentCommand {
  const a = req.address!;
  return {
    orderId: req.orderId,
    customerId: req.customerId,
    quoteId: req.quoteId,
    address: {
      recipientName: a.recipientName,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      postalCode: a.postalCode,
      countryCode: a.countryCode,
    },
    idempotencyKey: req.idempotencyKey,
    correlationId: req.correlationId,
  };
}

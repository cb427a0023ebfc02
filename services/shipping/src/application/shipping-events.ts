import {
  ShipmentCancelledSchema,
  ShipmentCreatedSchema,
  ShipmentFailedSchema,
  ShipmentStatusChangedSchema,
} from "@emporium/contracts/emporium/shipping/v1/events_pb";
import { ShipmentCancelRefusedSchema } from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import { ShipmentStatus as ShipmentStatusProto } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import type { EventToRecord } from "@emporium/platform";
import type { Shipment, ShipmentStatus } from "../domain/shipment";

/** The events' CloudEvents source is `/emporium/shipping`. */
export const SHIPPING_EVENT_SOURCE = "shipping";

const ids = (s: Shipment) => ({ shipmentId: s.id, orderId: s.orderId, correlationId: s.correlationId });
const aggregate = (s: Shipment) => ({ aggregateId: s.id, aggregateVersion: s.version });

export const shipmentStatusToProto = (status: ShipmentStatus) => ShipmentStatusProto[status];

/** A shipment the carrier accepted, at its first version. */
export const shipmentCreated = (s: Shipment): EventToRecord<typeof ShipmentCreatedSchema> => ({
  schema: ShipmentCreatedSchema,
  ...aggregate(s),
  payload: { ...ids(s), quoteId: s.quoteId },
});

/** A shipment the carrier refused, at its first version. */
export const shipmentFailed = (s: Shipment): EventToRecord<typeof ShipmentFailedSchema> => ({
  schema: ShipmentFailedSchema,
  ...aggregate(s),
  payload: { ...ids(s), reason: s.failureReason },
});

/** One step of the carrier, at the shipment's version after it. */
export const shipmentStatusChanged = (
  s: Shipment,
  oldStatus: ShipmentStatus,
): EventToRecord<typeof ShipmentStatusChangedSchema> => ({
  schema: ShipmentStatusChangedSchema,
  ...aggregate(s),
  payload: { ...ids(s), oldStatus: shipmentStatusToProto(oldStatus), newStatus: shipmentStatusToProto(s.status) },
});

/** A cancellation, carrying the correlation id the cancelling command gave. */
export const shipmentCancelled = (
  s: Shipment,
  correlationId: string,
): EventToRecord<typeof ShipmentCancelledSchema> => ({
  schema: ShipmentCancelledSchema,
  ...aggregate(s),
  payload: { ...ids(s), correlationId },
});

/** The step of the checkout saga a reply answers: the command's order and correlation id. */
export interface Step {
  orderId: string;
  correlationId: string;
}

/** A reply about no shipment (there is none): its aggregate is the order, at version 0. */
const aboutOrder = (step: Step) => ({ aggregateId: step.orderId, aggregateVersion: 0n });

/**
 * ShipmentFailed for a command that booked nothing (expired, cancelled first, refused before the
 * carrier). `expired`: it was taken after its expire_time (not a refusal of the step).
 */
export const shipmentNotBooked = (
  step: Step,
  reason: string,
  expired = false,
): EventToRecord<typeof ShipmentFailedSchema> => ({
  schema: ShipmentFailedSchema,
  ...aboutOrder(step),
  payload: { shipmentId: "", orderId: step.orderId, correlationId: step.correlationId, reason, expired },
});

/** ShipmentCancelled for an order that had no shipment: the cancellation left a tombstone instead. */
export const tombstoneCancelled = (step: Step): EventToRecord<typeof ShipmentCancelledSchema> => ({
  schema: ShipmentCancelledSchema,
  ...aboutOrder(step),
  payload: { shipmentId: "", orderId: step.orderId, correlationId: step.correlationId },
});

/** The parcel could not be stopped, or (`expired`) the command came too late; the order keeps its shipment. */
export const cancelRefused = (
  step: Step,
  s: Shipment | undefined,
  reason: string,
  expired = false,
): EventToRecord<typeof ShipmentCancelRefusedSchema> => ({
  schema: ShipmentCancelRefusedSchema,
  ...(s ? aggregate(s) : aboutOrder(step)),
  payload: {
    orderId: step.orderId,
    correlationId: step.correlationId,
    shipmentId: s?.id ?? "",
    status: s ? shipmentStatusToProto(s.status) : ShipmentStatusProto.UNSPECIFIED,
    reason,
    expired,
  },
});

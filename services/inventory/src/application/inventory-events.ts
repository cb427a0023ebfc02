import type { DescMessage } from "@bufbuild/protobuf";
import {
  StockAvailabilityChangedSchema,
  StockDepletedSchema,
  StockReleasedSchema,
  StockReleaseReason,
  StockReplenishedSchema,
  StockReservedSchema,
} from "@emporium/contracts/emporium/inventory/v1/events_pb";
import type { EventToRecord } from "@emporium/platform";
import { availabilityTransition } from "../domain/availability-transition";
import { totals, type SkuAvailability } from "../domain/stock";

/** The events' CloudEvents source is `/emporium/inventory`. */
export const INVENTORY_EVENT_SOURCE = "inventory";

/** What changed a SKU's stock, when it is news of its own (a commit is not: available stays). */
export type StockCause =
  | { kind: "reserved"; reservationId: string; quantity: bigint }
  | { kind: "released"; reservationId: string; quantity: bigint; reason: "RELEASED" | "EXPIRED" };

/** An event about a SKU, waiting for the version it will be recorded at. */
export type PendingEvent = (version: bigint) => EventToRecord<DescMessage>;

const event =
  <Desc extends DescMessage>(
    schema: Desc,
    sku: SkuAvailability,
    payload: EventToRecord<Desc>["payload"],
  ): PendingEvent =>
  (version) =>
    ({ schema, aggregateId: sku.skuId, aggregateVersion: version, payload }) as EventToRecord<DescMessage>;

/**
 * The events one change of a SKU's stock gives, in order: the change itself (reserved, released),
 * then the zero crossing it caused (depleted, replenished), if any, and last, when available moved
 * at all, StockAvailabilityChanged: being last, it carries the SKU's version after the change, the
 * one a read of the SKU shows, so live views can compare the two (a commit moves nothing: none).
 */
export function stockEvents(
  after: SkuAvailability,
  availableBefore: bigint,
  cause: StockCause | undefined,
): PendingEvent[] {
  const t = totals(after);
  const ids = { skuId: after.skuId, productId: after.productId };
  const events: PendingEvent[] = [];
  if (cause?.kind === "reserved")
    events.push(
      event(StockReservedSchema, after, {
        ...ids,
        reservationId: cause.reservationId,
        quantity: cause.quantity,
        available: t.available,
      }),
    );
  if (cause?.kind === "released") {
    const reason = cause.reason === "EXPIRED" ? StockReleaseReason.EXPIRED : StockReleaseReason.RELEASED;
    events.push(
      event(StockReleasedSchema, after, {
        ...ids,
        reservationId: cause.reservationId,
        quantity: cause.quantity,
        available: t.available,
        reason,
      }),
    );
  }
  const transition = availabilityTransition(availableBefore, t.available);
  if (transition === "depleted")
    events.push(event(StockDepletedSchema, after, { ...ids, onHand: t.onHand, reserved: t.reserved }));
  if (transition === "replenished")
    events.push(
      event(StockReplenishedSchema, after, { ...ids, available: t.available, onHand: t.onHand, reserved: t.reserved }),
    );
  if (t.available !== availableBefore)
    events.push(
      event(StockAvailabilityChangedSchema, after, {
        ...ids,
        available: t.available,
        inStock: t.available > 0n,
        onHand: t.onHand,
        reserved: t.reserved,
      }),
    );
  return events;
}

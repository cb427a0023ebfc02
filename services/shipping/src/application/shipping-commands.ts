import type { DescMessage } from "@bufbuild/protobuf";
import type {
  CancelShipmentCommand,
  CreateShipmentCommand,
} from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import {
  expiredCommandReason,
  malformedCommand,
  refusalOf,
  requireCommandFields,
  type Arrival,
  type CommandAnswer,
  type EventToRecord,
} from "@emporium/platform";
import { shipmentOfOrder, underWay, type Shipment } from "../domain/shipment";
import { cancelShipment } from "./cancel-shipment";
import { createShipment } from "./create-shipment";
import {
  cancelRefused,
  shipmentCancelled,
  shipmentCreated,
  shipmentFailed,
  shipmentNotBooked,
  tombstoneCancelled,
} from "./shipping-events";
import type { ShippingDeps, ShippingTransaction } from "./shipping-deps";

/**
 * The checkout saga's commands to shipping (ADR 0017), each answered with exactly one reply: the
 * success or failure event its proto names, recorded in the transaction of its effect. These
 * handlers map a command to a use case and its outcome to a reply; the rules are the use cases'.
 *
 * `deps.shipping` must run inside the command's inbox transaction (its `transaction` is a savepoint
 * of it), so the inbox row, the effect and the reply commit together.
 *
 * The correlation id is the step: a step already done (the same command again, as a new message)
 * gets its first outcome's reply again and changes nothing, even once the command has expired. A
 * step not done yet whose command expired gets its failure reply and changes nothing; nothing
 * remembers that refusal, so orders may re-send the step with a new expire_time. A refusal (a rule
 * the use case enforces) is the failure reply; anything else is thrown, and the message is retried.
 */

/**
 * Books the order's parcel under its quote. A step already done answers with its shipment, and so
 * does a step for an order whose shipment is under way (one per order). An expired command and an
 * order whose shipment was cancelled first fail without booking anything; else createShipment
 * decides and records the reply: ShipmentCreated, or ShipmentFailed when the carrier refuses the
 * address. A quote that cannot be shipped (unknown, expired, used, another destination) fails too.
 */
export async function answerCreateShipment(
  deps: ShippingDeps,
  cmd: CreateShipmentCommand,
  arrival: Arrival,
): Promise<CommandAnswer> {
  requireCommandFields(cmd, { customer_id: cmd.customerId, quote_id: cmd.quoteId });
  if (!cmd.address) throw malformedCommand(cmd, ["address"]);
  const address = cmd.address;
  return deps.shipping.transaction(async (tx) => {
    await tx.lockOrder(cmd.orderId);
    const done = await tx.shipmentByKey(cmd.correlationId);
    if (done) return reply(tx, outcomeOfBooking(done.shipment, cmd.correlationId));
    if (arrival.expired)
      return reply(tx, shipmentNotBooked(cmd, expiredCommandReason(cmd), true), expiredCommandReason(cmd));
    const shipments = await tx.shipmentsOfOrder(cmd.orderId);
    const current = shipmentOfOrder(shipments);
    if (current && underWay(current.status)) return reply(tx, outcomeOfBooking(current, cmd.correlationId));
    const refusal = await cancelledFirst(tx, cmd.orderId, shipments);
    if (refusal) return reply(tx, shipmentNotBooked(cmd, refusal), refusal);
    const outcome = await refusalOf(
      () =>
        createShipment(deps, {
          orderId: cmd.orderId,
          customerId: cmd.customerId,
          quoteId: cmd.quoteId,
          address: {
            recipientName: address.recipientName,
            line1: address.line1,
            line2: address.line2,
            city: address.city,
            postalCode: address.postalCode,
            countryCode: address.countryCode,
          },
          idempotencyKey: cmd.correlationId,
          correlationId: cmd.correlationId,
        }),
      REFUSALS,
    );
    if ("refused" in outcome) return reply(tx, shipmentNotBooked(cmd, outcome.refused), outcome.refused);
    return recorded(outcomeOfBooking(outcome.done, cmd.correlationId), outcome.done.failureReason || undefined);
  });
}

/**
 * Stops the order's parcel before it is in transit. An order without a shipment gets a tombstone (a
 * later CreateShipmentCommand fails); a cancelled or failed shipment needs nothing; one in transit
 * or delivered is refused. cancelShipment records the reply when it cancels.
 */
export async function answerCancelShipment(
  deps: ShippingDeps,
  cmd: CancelShipmentCommand,
  arrival: Arrival,
): Promise<CommandAnswer> {
  requireCommandFields(cmd, {});
  return deps.shipping.transaction(async (tx) => {
    await tx.lockOrder(cmd.orderId);
    const shipment = shipmentOfOrder(await tx.shipmentsOfOrder(cmd.orderId));
    if (!shipment) {
      if (await tx.cancelledOrder(cmd.orderId)) return reply(tx, tombstoneCancelled(cmd));
      if (arrival.expired)
        return reply(tx, cancelRefused(cmd, undefined, expiredCommandReason(cmd), true), expiredCommandReason(cmd));
      await tx.insertCancelledOrder({
        orderId: cmd.orderId,
        correlationId: cmd.correlationId,
        reason: cmd.reason,
        createTime: deps.clock(),
      });
      return reply(tx, tombstoneCancelled(cmd));
    }
    if (shipment.status === "CANCELLED" || shipment.status === "FAILED")
      return reply(tx, shipmentCancelled(shipment, cmd.correlationId));
    if (arrival.expired)
      return reply(tx, cancelRefused(cmd, shipment, expiredCommandReason(cmd), true), expiredCommandReason(cmd));
    const outcome = await refusalOf(() => cancelShipment(deps, shipment.id, cmd.correlationId), REFUSALS);
    if ("refused" in outcome) return reply(tx, cancelRefused(cmd, shipment, outcome.refused), outcome.refused);
    return recorded(shipmentCancelled(outcome.done, cmd.correlationId));
  });
}

/** Why the order cannot be shipped any more: its shipment was cancelled, before it was booked or after. */
async function cancelledFirst(
  tx: ShippingTransaction,
  orderId: string,
  shipments: readonly Shipment[],
): Promise<string | undefined> {
  const tombstone = await tx.cancelledOrder(orderId);
  if (tombstone)
    return (
      `order ${orderId}'s shipment was cancelled (${tombstone.correlationId}) before it was created; ` +
      "nothing was booked"
    );
  const cancelled = shipments.find((s) => s.status === "CANCELLED");
  return cancelled && `order ${orderId}'s shipment ${cancelled.id} was cancelled; nothing was booked`;
}

/** The reply a booking gave: ShipmentFailed when the carrier refused it, else ShipmentCreated. */
const outcomeOfBooking = (s: Shipment, correlationId: string): EventToRecord<DescMessage> =>
  (s.status === "FAILED"
    ? shipmentFailed({ ...s, correlationId })
    : shipmentCreated({ ...s, correlationId })) as EventToRecord<DescMessage>;

async function reply<Desc extends DescMessage>(
  tx: ShippingTransaction,
  event: EventToRecord<Desc>,
  refusal?: string,
): Promise<CommandAnswer> {
  await tx.recordEvent(event);
  return recorded(event, refusal);
}

/** The answer a use case already recorded (its event is the reply). */
const recorded = <Desc extends DescMessage>(event: EventToRecord<Desc>, refusal?: string): CommandAnswer => ({
  reply: event.schema.typeName,
  ...(refusal === undefined ? {} : { refusal }),
});

/**
 * What shipping refuses rather than retries: a request its rules refuse (INVALID_ARGUMENT, such as an
 * address that is not the quote's), a state that does not allow it (FAILED_PRECONDITION) or
 * something it names that does not exist (NOT_FOUND).
 */
const REFUSALS = ["INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND"] as const;

import { AppError, notFound } from "@emporium/platform";
import { cancellable, type Shipment } from "../domain/shipment";
import { shipmentCancelled } from "./shipping-events";
import type { ShippingDeps } from "./shipping-deps";

/**
 * Cancels a shipment the carrier has not picked up, under a row lock (the carrier's step and a
 * cancellation never both win). Cancelling a cancelled shipment returns it and records nothing.
 */
export async function cancelShipment(deps: ShippingDeps, id: string, correlationId: string): Promise<Shipment> {
  return deps.shipping.transaction(async (tx) => {
    const shipment = await tx.lockShipment(id);
    if (!shipment) throw notFound("shipment", id);
    if (shipment.status === "CANCELLED") return shipment;
    if (!cancellable(shipment.status))
      throw new AppError(
        "FAILED_PRECONDITION",
        `shipment ${id} is ${shipment.status.toLowerCase().replace("_", " ")}: only a shipment whose label is created can be cancelled`,
      );
    const cancelled: Shipment = {
      ...shipment,
      status: "CANCELLED",
      version: shipment.version + 1n,
      updateTime: deps.clock(),
      nextStepTime: undefined,
    };
    await tx.updateShipment(cancelled);
    await tx.recordEvent(shipmentCancelled(cancelled, correlationId || shipment.correlationId));
    return cancelled;
  });
}

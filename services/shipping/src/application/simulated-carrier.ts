import type { BackgroundWorker, Logger } from "@emporium/platform";
import { carrierStep } from "../domain/shipment";
import { shipmentStatusChanged } from "./shipping-events";
import type { ShippingDeps } from "./shipping-deps";

/**
 * One round of the simulated carrier: every shipment due for its next step moves one status on
 * (label created -> in transit -> delivered), each with its ShipmentStatusChanged in the same
 * transaction. Due rows are claimed with SKIP LOCKED, so carriers in several instances never move
 * one shipment twice. Returns how many shipments moved.
 */
export async function advanceShipments(deps: ShippingDeps, batch = 100): Promise<number> {
  return deps.shipping.transaction(async (tx) => {
    const due = await tx.dueShipments(deps.clock(), batch);
    for (const shipment of due) {
      const moved = carrierStep(shipment, deps.carrierStepMs, deps.clock());
      if (!moved) continue;
      await tx.updateShipment(moved);
      await tx.recordEvent(shipmentStatusChanged(moved, shipment.status));
    }
    return due.length;
  });
}

/** The carrier as a background worker: looks for due shipments every `intervalMs`. */
export function simulatedCarrier(deps: ShippingDeps, intervalMs: number, logger: Logger): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();
  return {
    name: "simulated-carrier",
    start() {
      timer = setInterval(() => {
        round = advanceShipments(deps).then(
          (n) => n && logger.info({ moved: n }, "carrier moved shipments"),
          (err: Error) => logger.warn({ err: err.message }, "carrier round failed; will retry"),
        );
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}

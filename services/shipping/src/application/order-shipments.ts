import { AppError, type Principal } from "@emporium/platform";
import { canSeeShipment, type Shipment } from "../domain/shipment";
import type { ShippingDeps } from "./shipping-deps";

/** Every shipment of these orders, newest first per order (the BFFs' read). */
export const shipmentsOfOrders = (deps: ShippingDeps, orderIds: readonly string[]): Promise<Shipment[]> =>
  deps.shipping.shipmentsOfOrders([...new Set(orderIds)]);

/** Each order's latest shipment, by order id: one query for any number of orders. */
export async function latestShipments(deps: ShippingDeps, orderIds: readonly string[]): Promise<Map<string, Shipment>> {
  const latest = new Map<string, Shipment>();
  for (const s of await shipmentsOfOrders(deps, orderIds)) if (!latest.has(s.orderId)) latest.set(s.orderId, s);
  return latest;
}

/**
 * An order's shipment as the caller may see it: a signed-in person is needed; none is null; another
 * person's is refused (the order's customer and admins only).
 */
export function visibleShipment(principal: Principal | undefined, shipment: Shipment | undefined): Shipment | null {
  const only = "an order's shipment is visible to the order's customer and admins only";
  if (!principal) throw new AppError("UNAUTHENTICATED", `sign in: ${only}`);
  if (!shipment) return null;
  if (!canSeeShipment(shipment, principal)) throw new AppError("PERMISSION_DENIED", only);
  return shipment;
}

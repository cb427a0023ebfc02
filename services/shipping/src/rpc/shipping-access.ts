import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof ShippingService.method) =>
  `${ShippingService.typeName}/${ShippingService.method[method].name}`;

/**
 * A quote is for a signed-in person; orders reads it back to price an order. Shipments are made and
 * cancelled by the orders service alone (its checkout saga); the BFFs and orders read them.
 */
export const shippingAccess: Record<string, RpcAccess> = {
  [rpc("quoteShipping")]: { roles: ["customer", "admin"] },
  [rpc("getShippingQuote")]: { serviceCallers: ["orders"] },
  [rpc("createShipment")]: { serviceCallers: ["orders"] },
  [rpc("cancelShipment")]: { serviceCallers: ["orders"] },
  [rpc("batchGetShipmentsByOrder")]: { serviceCallers: ["orders", "bff-web", "bff-mobile"] },
};

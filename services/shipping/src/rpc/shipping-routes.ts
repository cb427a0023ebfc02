import type { ConnectRouter } from "@connectrpc/connect";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { ShipmentSchema } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { principalKey, readMaskOf, type RpcAdapter } from "@emporium/platform";
import { cancelShipment } from "../application/cancel-shipment";
import { createShipment } from "../application/create-shipment";
import { shipmentsOfOrders } from "../application/order-shipments";
import { getShippingQuote, quoteShipping } from "../application/quote-shipping";
import type { ShippingDeps } from "../application/shipping-deps";
import { shippingAccess } from "./shipping-access";
import { createShipmentFromProto, quoteRequestFromProto, quoteToProto, shipmentToProto } from "./proto-mapping";

export function shippingRoutes(deps: ShippingDeps) {
  return (router: ConnectRouter) =>
    router.service(ShippingService, {
      async quoteShipping(req, ctx) {
        const quote = await quoteShipping(deps, ctx.values.get(principalKey), quoteRequestFromProto(req));
        return { quote: quoteToProto(quote) };
      },
      async getShippingQuote(req) {
        const quote = await getShippingQuote(deps, req.quoteId);
        return { quote: quoteToProto(quote), requestedBy: quote.requestedBy };
      },
      async createShipment(req) {
        return { shipment: shipmentToProto(await createShipment(deps, createShipmentFromProto(req))) };
      },
      async cancelShipment(req) {
        return { shipment: shipmentToProto(await cancelShipment(deps, req.shipmentId, req.correlationId)) };
      },
      async batchGetShipmentsByOrder(req) {
        const mask = readMaskOf(ShipmentSchema, req.readMask);
        return { shipments: (await shipmentsOfOrders(deps, req.orderIds)).map((s) => mask.apply(shipmentToProto(s))) };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const shippingRpc: RpcAdapter<ShippingDeps> = {
  services: [ShippingService],
  routes: shippingRoutes,
  access: shippingAccess,
};

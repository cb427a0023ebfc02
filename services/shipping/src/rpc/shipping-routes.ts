import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import { ShippingSchema } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { principalKey, type RpcAdapter } from "@emporium/platform";
import { createShipping, getShipping, listMyShippings } from "../application/shipping";
import type { ShippingDeps } from "../application/shipping-deps";
import { shippingAccess } from "./shipping-access";
import type { Shipping } from "../domain/shipping";

const toProto = (x: Shipping) => create(ShippingSchema, { ...x, createTime: timestampFromDate(x.createTime) });

export function shippingRoutes(deps: ShippingDeps) {
  return (router: ConnectRouter) =>
    router.service(ShippingService, {
      async createShipping(req, ctx) {
        return { shipping: toProto(await createShipping(deps, ctx.values.get(principalKey), { title: req.title })) };
      },
      async getShipping(req, ctx) {
        return { shipping: toProto(await getShipping(deps, ctx.values.get(principalKey), req.id)) };
      },
      async listMyShippings(req, ctx) {
        const page = await listMyShippings(
          deps,
          ctx.values.get(principalKey),
          req.pageSize,
          req.pageToken || undefined,
        );
        return { shippings: page.items.map((i) => toProto(i.shipping)), nextPageToken: page.nextPageToken };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const shippingRpc: RpcAdapter<ShippingDeps> = {
  services: [ShippingService],
  routes: shippingRoutes,
  access: shippingAccess,
};

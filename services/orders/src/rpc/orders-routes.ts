import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import { OrderSchema } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { principalKey, type RpcAdapter } from "@emporium/platform";
import { createOrder, getOrder, listMyOrders } from "../application/orders";
import type { OrdersDeps } from "../application/orders-deps";
import { ordersAccess } from "./orders-access";
import type { Order } from "../domain/order";

const toProto = (x: Order) => create(OrderSchema, { ...x, createTime: timestampFromDate(x.createTime) });

export function ordersRoutes(deps: OrdersDeps) {
  return (router: ConnectRouter) =>
    router.service(OrdersService, {
      async createOrder(req, ctx) {
        return { order: toProto(await createOrder(deps, ctx.values.get(principalKey), { title: req.title })) };
      },
      async getOrder(req, ctx) {
        return { order: toProto(await getOrder(deps, ctx.values.get(principalKey), req.id)) };
      },
      async listMyOrders(req, ctx) {
        const page = await listMyOrders(deps, ctx.values.get(principalKey), req.pageSize, req.pageToken || undefined);
        return { orders: page.items.map((i) => toProto(i.order)), nextPageToken: page.nextPageToken };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const ordersRpc: RpcAdapter<OrdersDeps> = {
  services: [OrdersService],
  routes: ordersRoutes,
  access: ordersAccess,
};

import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof OrdersService.method) =>
  `${OrdersService.typeName}/${OrdersService.method[method].name}`;
const signedIn: RpcAccess = { roles: ["customer", "admin"] };

/** Every RPC acts on the caller's own orders: a signed-in person. */
export const ordersAccess: Record<string, RpcAccess> = {
  [rpc("createOrder")]: signedIn,
  [rpc("getOrder")]: signedIn,
  [rpc("listMyOrders")]: signedIn,
};

import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof OrdersService.method) =>
  `${OrdersService.typeName}/${OrdersService.method[method].name}`;
const signedIn: RpcAccess = { roles: ["customer", "admin"] };

/** Customers place and cancel their own orders; people read their own, admins read, cancel and refund every order. */
export const ordersAccess: Record<string, RpcAccess> = {
  [rpc("placeOrder")]: { roles: ["customer"] },
  [rpc("cancelOrder")]: signedIn,
  [rpc("refundOrder")]: { roles: ["admin"] },
  [rpc("getOrder")]: signedIn,
  [rpc("listMyOrders")]: signedIn,
  [rpc("listOrdersByStatus")]: { roles: ["admin"] },
};

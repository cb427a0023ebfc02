import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof ShippingService.method) =>
  `${ShippingService.typeName}/${ShippingService.method[method].name}`;
const signedIn: RpcAccess = { roles: ["customer", "admin"] };

/** Every RPC acts on the caller's own shippings: a signed-in person. */
export const shippingAccess: Record<string, RpcAccess> = {
  [rpc("createShipping")]: signedIn,
  [rpc("getShipping")]: signedIn,
  [rpc("listMyShippings")]: signedIn,
};

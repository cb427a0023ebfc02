import { CartService } from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof CartService.method) => `${CartService.typeName}/${CartService.method[method].name}`;
/** Guests have carts too: the use case decides whose cart (the token's subject, or the cart token). */
const peopleAndGuests: RpcAccess = { public: true };

/** Carts: a signed-in person's own, or a guest's by its cart token; merging needs a signed-in person. */
export const cartAccess: Record<string, RpcAccess> = {
  [rpc("getCart")]: peopleAndGuests,
  [rpc("addCartLine")]: peopleAndGuests,
  [rpc("updateCartLine")]: peopleAndGuests,
  [rpc("removeCartLine")]: peopleAndGuests,
  [rpc("mergeGuestCart")]: { roles: ["customer", "admin"] },
};

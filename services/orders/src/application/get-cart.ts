import type { Principal } from "@emporium/platform";
import type { Cart } from "../domain/cart";
import { cartHolder, cartTokenHash, guestCartNotFound, guestCartsActiveSince } from "./cart-holder";
import type { CartsDeps } from "./carts-deps";

/**
 * The caller's cart: a signed-in customer's own (made empty on first use), or the guest cart of
 * `cartToken`; undefined for a guest without a token (no cart yet).
 */
export async function getCart(
  deps: CartsDeps,
  principal: Principal | undefined,
  cartToken: string | undefined,
): Promise<Cart | undefined> {
  const holder = cartHolder(principal, cartToken);
  if ("customerId" in holder)
    return (
      (await deps.carts.findCustomerCart(holder.customerId)) ??
      deps.carts.transaction((tx) => tx.customerCart(holder.customerId, deps.newId(), deps.clock()))
    );
  if (!holder.guestToken) return undefined;
  const cart = await deps.carts.findGuestCart(cartTokenHash(holder.guestToken), guestCartsActiveSince(deps.clock()));
  if (!cart) throw guestCartNotFound();
  return cart;
}

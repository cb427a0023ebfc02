import { ALL_FIELDS, type FieldSelection, type Principal } from "@emporium/platform";
import type { Cart } from "../domain/cart";
import { cartHolder, cartTokenHash, guestCartNotFound, guestCartsActiveSince } from "./cart-holder";
import type { CartsDeps } from "./carts-deps";

/**
 * The caller's cart: a signed-in customer's own (made empty on first use), or the guest cart of
 * `cartToken`; undefined for a guest without a token (no cart yet). Its lines are read only when
 * a field that shows them or is computed from them is selected.
 */
export async function getCart(
  deps: CartsDeps,
  principal: Principal | undefined,
  cartToken: string | undefined,
  fields: FieldSelection = ALL_FIELDS,
): Promise<Cart | undefined> {
  const holder = cartHolder(principal, cartToken);
  const options = { withLines: ["lines", "subtotal", "item_count"].some((f) => fields.has(f)) };
  if ("customerId" in holder)
    return (
      (await deps.carts.findCustomerCart(holder.customerId, options)) ??
      deps.carts.transaction((tx) => tx.customerCart(holder.customerId, deps.newId(), deps.clock()))
    );
  if (!holder.guestToken) return undefined;
  const activeSince = guestCartsActiveSince(deps.clock());
  const cart = await deps.carts.findGuestCart(cartTokenHash(holder.guestToken), activeSince, options);
  if (!cart) throw guestCartNotFound();
  return cart;
}

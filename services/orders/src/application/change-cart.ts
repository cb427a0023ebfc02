import { AppError, type Principal } from "@emporium/platform";
import { addLine, removeLine, setLineQuantity, type Cart } from "../domain/cart";
import {
  cartHolder,
  cartTokenHash,
  guestCartNotFound,
  guestCartsActiveSince,
  newCartToken,
  type CartHolder,
} from "./cart-holder";
import type { CartsDeps } from "./carts-deps";

export interface CartLineChange {
  cartToken?: string;
  skuId: string;
  quantity: number;
}

/** A changed cart, and the token of the guest cart this change made (shown this once). */
export interface ChangedCart {
  cart: Cart;
  newCartToken?: string;
}

/**
 * Adds `quantity` of a SKU at the catalog's current price (read before the transaction, so no lock
 * waits on the network). A guest without a cart token gets a new guest cart and its token.
 */
export async function addCartLine(
  deps: CartsDeps,
  principal: Principal | undefined,
  change: CartLineChange,
): Promise<ChangedCart> {
  const holder = cartHolder(principal, change.cartToken);
  const price = (await deps.catalogPrices.pricesOf([change.skuId])).get(change.skuId);
  if (!price) throw new AppError("NOT_FOUND", `SKU ${JSON.stringify(change.skuId)} is not in the catalog`);
  return changeCart(deps, holder, (cart) => addLine(cart, price, change.quantity), { mayCreateGuestCart: true });
}

/** Sets the quantity of a SKU the cart holds. */
export async function updateCartLine(
  deps: CartsDeps,
  principal: Principal | undefined,
  change: CartLineChange,
): Promise<Cart> {
  const holder = cartHolder(principal, change.cartToken);
  return (await changeCart(deps, holder, (cart) => setLineQuantity(cart, change.skuId, change.quantity))).cart;
}

/** Removes a SKU's line; one the cart does not hold changes nothing. */
export async function removeCartLine(
  deps: CartsDeps,
  principal: Principal | undefined,
  change: Omit<CartLineChange, "quantity">,
): Promise<Cart> {
  const holder = cartHolder(principal, change.cartToken);
  return (await changeCart(deps, holder, (cart) => removeLine(cart, change.skuId))).cart;
}

/** How many expired guest carts a new guest cart purges on its way in. */
const PURGE_BATCH = 100;

/** Applies `change` to the holder's cart under its row lock; writes only when the cart changed. */
function changeCart(
  deps: CartsDeps,
  holder: CartHolder,
  change: (cart: Cart) => Cart,
  options: { mayCreateGuestCart?: boolean } = {},
): Promise<ChangedCart> {
  const now = deps.clock();
  return deps.carts.transaction(async (tx) => {
    let cart: Cart | undefined;
    let token: string | undefined;
    if ("customerId" in holder) cart = await tx.customerCart(holder.customerId, deps.newId(), now);
    else if (holder.guestToken) {
      cart = await tx.lockGuestCart(cartTokenHash(holder.guestToken), guestCartsActiveSince(now));
      if (!cart) throw guestCartNotFound();
    } else if (options.mayCreateGuestCart) {
      await tx.purgeExpiredGuestCarts(guestCartsActiveSince(now), PURGE_BATCH);
      token = newCartToken();
      cart = await tx.createGuestCart(deps.newId(), cartTokenHash(token), now);
    } else {
      throw new AppError("NOT_FOUND", "a guest has a cart only with its cart token: add a line first to get one");
    }
    const changed = change(cart);
    if (changed !== cart) await tx.save(changed, now);
    return { cart: changed, ...(token ? { newCartToken: token } : {}) };
  });
}

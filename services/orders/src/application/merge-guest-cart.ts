import { invalidArgument, type Principal } from "@emporium/platform";
import { mergeCarts, type Cart } from "../domain/cart";
import { cartTokenHash, guestCartNotFound, guestCartsActiveSince, signedInCustomer } from "./cart-holder";
import type { CartsDeps } from "./carts-deps";

/**
 * After signing in, the client hands over the guest cart's token: its lines move into the
 * customer's cart and the guest cart is deleted, in one transaction. Locks are taken guest cart
 * first, then the customer's, always in that order, so concurrent merges and changes queue instead
 * of deadlocking; a second merge of the same token finds no guest cart (NOT_FOUND, nothing changes).
 */
export async function mergeGuestCart(
  deps: CartsDeps,
  principal: Principal | undefined,
  cartToken: string,
): Promise<Cart> {
  const customerId = signedInCustomer(principal);
  if (!cartToken)
    throw invalidArgument([{ field: "cart_token", ruleId: "required", message: "the guest cart's token is required" }]);
  const now = deps.clock();
  return deps.carts.transaction(async (tx) => {
    const guest = await tx.lockGuestCart(cartTokenHash(cartToken), guestCartsActiveSince(now));
    if (!guest) throw guestCartNotFound();
    const merged = mergeCarts(await tx.customerCart(customerId, deps.newId(), now), guest);
    await tx.save(merged, now);
    await tx.delete(guest.id);
    return merged;
  });
}

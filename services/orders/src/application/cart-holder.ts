import { createHash, randomBytes } from "node:crypto";
import { AppError, invalidArgument, requireRole, type Principal } from "@emporium/platform";

/** A guest cart unchanged for this long is expired: no longer found, and purged. */
export const GUEST_CART_LIFETIME_DAYS = 30;

/** Whose cart a call acts on: the signed-in customer's, or the one a guest's cart token reaches. */
export type CartHolder = { customerId: string } | { guestToken: string | undefined };

/**
 * A signed-in person acts on their own cart, named by their token's subject and never by a request
 * field; a cart token from them is refused (they merge a guest cart instead). Services have no cart.
 */
export function cartHolder(principal: Principal | undefined, cartToken: string | undefined): CartHolder {
  if (!principal) return { guestToken: cartToken || undefined };
  return { customerId: signedInCustomer(principal, cartToken ? "refuse" : "ignore") };
}

/** The signed-in person's subject; `cartToken: "refuse"` when the call wrongly sent a guest token. */
export function signedInCustomer(principal: Principal | undefined, cartToken: "refuse" | "ignore" = "ignore"): string {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user") throw new AppError("PERMISSION_DENIED", "carts belong to people: a service has none");
  if (cartToken === "refuse")
    throw invalidArgument([
      {
        field: "cart_token",
        ruleId: "cart_token.guests_only",
        message: "signed in, you act on your own cart: send no cart token, and merge a guest cart with MergeGuestCart",
      },
    ]);
  return p.subject;
}

/** A new guest cart token: 256 random bits, base64url (43 characters). Shown once, stored as a hash. */
export const newCartToken = (): string => randomBytes(32).toString("base64url");

/** What the database keeps of a cart token: its SHA-256, so a leaked table reveals no usable token. */
export const cartTokenHash = (token: string): Buffer => createHash("sha256").update(token).digest();

/** Guest carts changed at or after this are active. */
export const guestCartsActiveSince = (now: Date): Date =>
  new Date(now.getTime() - GUEST_CART_LIFETIME_DAYS * 24 * 3600_000);

export const guestCartNotFound = () =>
  new AppError(
    "NOT_FOUND",
    `no guest cart for this cart token: it was merged, expired after ${GUEST_CART_LIFETIME_DAYS} days unchanged, or never issued`,
  );

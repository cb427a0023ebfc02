import { decodePageToken, encodePageToken, pageLimit, type KeysetList, type Principal } from "@emporium/platform";
import type { WatchedProduct } from "../domain/notification";
import { me, type NotificationsDeps } from "./notifications-deps";

/** A customer's watches, newest first: a token of one customer's list is refused by another's. */
const watchesOf = (customerId: string): KeysetList => ({ of: { watchesOf: customerId }, sortKey: "time" });

/**
 * Watching again changes nothing. The token's email (when it has one) is remembered as the
 * customer's address, so a back-in-stock email can reach them.
 */
export async function watchProduct(
  deps: NotificationsDeps,
  principal: Principal | undefined,
  productId: string,
): Promise<WatchedProduct> {
  const p = me(principal);
  const now = deps.clock();
  if (p.email)
    await deps.repositories.contacts.upsert({ customerId: p.subject, email: p.email, displayName: p.name ?? "" }, now);
  return deps.repositories.watches.add(p.subject, productId, now);
}

/** Succeeds whether or not the product was watched; says which. */
export async function unwatchProduct(
  deps: NotificationsDeps,
  principal: Principal | undefined,
  productId: string,
): Promise<boolean> {
  return deps.repositories.watches.remove(me(principal).subject, productId);
}

export async function listWatchedProducts(
  deps: NotificationsDeps,
  principal: Principal | undefined,
  pageSize: number,
  pageToken: string | undefined,
  tokenField = "page_token",
) {
  const customerId = me(principal).subject;
  const limit = pageLimit(pageSize);
  const after = pageToken ? decodePageToken(watchesOf(customerId), pageToken, tokenField) : undefined;
  const rows = await deps.repositories.watches.page(
    customerId,
    limit,
    after && { time: String(after.key), id: after.id },
  );
  const items = rows.slice(0, limit);
  return {
    items,
    nextPageToken:
      rows.length > limit
        ? encodePageToken(watchesOf(customerId), { key: items.at(-1)!.createTime, id: items.at(-1)!.productId })
        : "",
  };
}

/** For the graph's `watchedByMe`: nobody (anonymous, a service) watches anything. */
export async function watchedByCaller(
  deps: NotificationsDeps,
  principal: Principal | undefined,
  productIds: readonly string[],
): Promise<Set<string>> {
  if (!principal || principal.kind !== "user") return new Set();
  return deps.repositories.watches.watchedAmong(principal.subject, productIds);
}

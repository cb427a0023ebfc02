import {
  AppError,
  decodePageToken,
  encodePageToken,
  notFound,
  pageLimit,
  requireRole,
  type KeysetList,
  type Principal,
} from "@emporium/platform";
import type { Shipping } from "../domain/shipping";
import type { ShippingDeps } from "./shipping-deps";

/** Shippings belong to people: the owner is always the token's subject, never a request field. */
function owner(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user") throw new AppError("PERMISSION_DENIED", "shippings belong to people, not services");
  return p;
}

export function createShipping(
  deps: ShippingDeps,
  principal: Principal | undefined,
  input: { title: string },
): Promise<Shipping> {
  const p = owner(principal);
  return deps.shippings.insert({ id: deps.newId(), ownerId: p.subject, title: input.title, createTime: deps.clock() });
}

/** Another person's shipping is NOT_FOUND, like one that does not exist: an id reveals nothing. */
export async function getShipping(deps: ShippingDeps, principal: Principal | undefined, id: string): Promise<Shipping> {
  const found = await deps.shippings.findOwn(owner(principal).subject, id);
  if (!found) throw notFound("shipping", id);
  return found;
}

/** The caller's shippings, newest first: a token of one person's list is refused by another's. */
const shippingsOf = (ownerId: string): KeysetList => ({ of: { shippingsOf: ownerId }, sortKey: "time" });

export async function listMyShippings(
  deps: ShippingDeps,
  principal: Principal | undefined,
  pageSize: number,
  pageToken: string | undefined,
  tokenField = "page_token",
) {
  const p = owner(principal);
  const limit = pageLimit(pageSize);
  const after = pageToken ? decodePageToken(shippingsOf(p.subject), pageToken, tokenField) : undefined;
  const rows = await deps.shippings.pageOwn(
    p.subject,
    limit,
    after && { time: new Date(String(after.key)), id: after.id },
  );
  const items = rows.slice(0, limit).map((shipping) => ({ shipping, cursor: cursorOf(shipping) }));
  return { items, nextPageToken: rows.length > limit ? items.at(-1)!.cursor : "" };
}

const cursorOf = (x: Shipping) => encodePageToken(shippingsOf(x.ownerId), { key: x.createTime, id: x.id });

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
import type { Order } from "../domain/order";
import type { OrdersDeps } from "./orders-deps";

/** Orders belong to people: the owner is always the token's subject, never a request field. */
function owner(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user") throw new AppError("PERMISSION_DENIED", "orders belong to people, not services");
  return p;
}

export function createOrder(
  deps: OrdersDeps,
  principal: Principal | undefined,
  input: { title: string },
): Promise<Order> {
  const p = owner(principal);
  return deps.orders.insert({ id: deps.newId(), ownerId: p.subject, title: input.title, createTime: deps.clock() });
}

/** Another person's order is NOT_FOUND, like one that does not exist: an id reveals nothing. */
export async function getOrder(deps: OrdersDeps, principal: Principal | undefined, id: string): Promise<Order> {
  const found = await deps.orders.findOwn(owner(principal).subject, id);
  if (!found) throw notFound("order", id);
  return found;
}

/** The caller's orders, newest first: a token of one person's list is refused by another's. */
const ordersOf = (ownerId: string): KeysetList => ({ of: { ordersOf: ownerId }, sortKey: "time" });

export async function listMyOrders(
  deps: OrdersDeps,
  principal: Principal | undefined,
  pageSize: number,
  pageToken: string | undefined,
  tokenField = "page_token",
) {
  const p = owner(principal);
  const limit = pageLimit(pageSize);
  const after = pageToken ? decodePageToken(ordersOf(p.subject), pageToken, tokenField) : undefined;
  const rows = await deps.orders.pageOwn(
    p.subject,
    limit,
    after && { time: new Date(String(after.key)), id: after.id },
  );
  const items = rows.slice(0, limit).map((order) => ({ order, cursor: cursorOf(order) }));
  return { items, nextPageToken: rows.length > limit ? items.at(-1)!.cursor : "" };
}

const cursorOf = (x: Order) => encodePageToken(ordersOf(x.ownerId), { key: x.createTime, id: x.id });

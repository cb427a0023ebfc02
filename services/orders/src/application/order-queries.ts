import {
  ALL_FIELDS,
  AppError,
  decodePageToken,
  encodePageToken,
  pageLimit,
  requireRole,
  type FieldSelection,
  type KeysetList,
  type Principal,
} from "@emporium/platform";
import type { Order, OrderStatus } from "../domain/order";
import type { OrderPagePosition, OrdersDeps } from "./orders-deps";

/**
 * Queries read the read models (order_views). The one exception is an order asked for by id that
 * the projection has not reached yet (a long transaction elsewhere holds it back, ADR 0016): it is
 * read from its own stream, so whoever just placed or changed it can read it back. Lists stay on the
 * read models.
 */

const isAdmin = (p: Principal) => p.roles.includes("admin");

/** A person: orders belong to people, and services read them through their own RPCs. */
function person(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user") throw new AppError("PERMISSION_DENIED", "orders are read by people, not services");
  return p;
}

/**
 * The caller's own order, or any order for an admin; NOT_FOUND otherwise (an id reveals nothing).
 * Its lines are read only when asked for.
 */
export async function getOrder(
  deps: OrdersDeps,
  principal: Principal | undefined,
  id: string,
  fields: FieldSelection = ALL_FIELDS,
): Promise<Order> {
  const p = person(principal);
  const found = (await deps.views.byId(id, { withLines: fields.has("lines") })) ?? (await deps.orders.load(id)).order;
  if (!found || (found.customerId !== p.subject && !isAdmin(p)))
    throw new AppError("NOT_FOUND", `order ${JSON.stringify(id)} does not exist`);
  return found;
}

/** Many orders by id in one query (the subgraph's batched reference resolver): the visible ones. */
export async function visibleOrders(
  deps: OrdersDeps,
  principal: Principal | undefined,
  ids: readonly string[],
): Promise<Order[]> {
  const p = person(principal);
  return (await deps.views.byIds(ids)).filter((o) => o.customerId === p.subject || isAdmin(p));
}

export interface OrderPage {
  items: Array<{ order: Order; cursor: string }>;
  nextPageToken: string;
}

const ofCustomer = (customerId: string): KeysetList => ({ of: { ordersOf: customerId }, sortKey: "time" });
const inStatus = (status: OrderStatus): KeysetList => ({ of: { ordersInStatus: status }, sortKey: "time" });

async function page(
  list: KeysetList,
  pageSize: number,
  pageToken: string | undefined,
  tokenField: string,
  read: (limit: number, after?: OrderPagePosition) => Promise<Order[]>,
): Promise<OrderPage> {
  const limit = pageLimit(pageSize);
  const after = pageToken ? decodePageToken(list, pageToken, tokenField) : undefined;
  const rows = await read(limit, after && { time: new Date(String(after.key)), id: after.id });
  const items = rows
    .slice(0, limit)
    .map((order) => ({ order, cursor: encodePageToken(list, { key: order.createTime, id: order.id }) }));
  return { items, nextPageToken: rows.length > limit ? items.at(-1)!.cursor : "" };
}

/** The caller's orders, newest first; their lines only when asked for. */
export function listMyOrders(
  deps: OrdersDeps,
  principal: Principal | undefined,
  pageSize: number,
  pageToken?: string,
  tokenField = "page_token",
  fields: FieldSelection = ALL_FIELDS,
): Promise<OrderPage> {
  const p = person(principal);
  const options = { withLines: fields.has("lines") };
  return page(ofCustomer(p.subject), pageSize, pageToken, tokenField, (limit, after) =>
    deps.views.pageOfCustomer(p.subject, limit, after, options),
  );
}

/**
 * A customer's orders (Customer.orders): the customer's own, and anyone's for an admin. Undefined
 * for another person's (the field is null for them, like any private field).
 */
export function ordersOfCustomer(
  deps: OrdersDeps,
  principal: Principal | undefined,
  customerId: string,
  pageSize: number,
  pageToken?: string,
  tokenField = "after",
): Promise<OrderPage> | undefined {
  const p = person(principal);
  if (p.subject !== customerId && !isAdmin(p)) return undefined;
  return page(ofCustomer(customerId), pageSize, pageToken, tokenField, (limit, after) =>
    deps.views.pageOfCustomer(customerId, limit, after),
  );
}

/** Every customer's orders in one status, newest first: admins only. */
export function listOrdersByStatus(
  deps: OrdersDeps,
  principal: Principal | undefined,
  status: OrderStatus,
  pageSize: number,
  pageToken?: string,
  tokenField = "page_token",
): Promise<OrderPage> {
  requireRole(principal, "admin");
  return page(inStatus(status), pageSize, pageToken, tokenField, (limit, after) =>
    deps.views.pageByStatus(status, limit, after),
  );
}

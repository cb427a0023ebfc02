import {
  AppError,
  decodePageToken,
  encodePageToken,
  notFound,
  pageLimit,
  type KeysetList,
  type Principal,
} from "@emporium/platform";
import type { Notification } from "../domain/notification";
import { me, type NotificationsDeps } from "./notifications-deps";

/** A customer's notifications, newest first: a token of one customer's list is refused by another's. */
const notificationsOf = (customerId: string): KeysetList => ({ of: { notificationsOf: customerId }, sortKey: "time" });

export const notificationCursor = (n: Notification) =>
  encodePageToken(notificationsOf(n.customerId), { key: n.createTime, id: n.id });

/**
 * The caller's notifications, newest first. `customerId` other than the caller's own is for
 * admins only (support); a customer naming someone else is refused, not shown an empty list.
 */
export async function listNotifications(
  deps: NotificationsDeps,
  principal: Principal | undefined,
  page: { pageSize: number; pageToken?: string; customerId?: string },
  tokenField = "page_token",
) {
  const p = me(principal);
  const customerId = page.customerId || p.subject;
  if (customerId !== p.subject && !p.roles.includes("admin"))
    throw new AppError("PERMISSION_DENIED", "you can read only your own notifications; leave customer_id empty");
  const limit = pageLimit(page.pageSize);
  const after = page.pageToken ? decodePageToken(notificationsOf(customerId), page.pageToken, tokenField) : undefined;
  const rows = await deps.repositories.notifications.page(
    customerId,
    limit,
    after && { time: String(after.key), id: after.id },
  );
  const items = rows
    .slice(0, limit)
    .map((notification) => ({ notification, cursor: notificationCursor(notification) }));
  return { items, nextPageToken: rows.length > limit ? items.at(-1)!.cursor : "" };
}

/** NOT_FOUND for anyone else's notification: its existence is not revealed. */
export async function markNotificationRead(
  deps: NotificationsDeps,
  principal: Principal | undefined,
  id: string,
): Promise<Notification> {
  const updated = await deps.repositories.notifications.markRead(me(principal).subject, id, deps.clock());
  if (!updated) throw notFound("notification", id);
  return updated;
}

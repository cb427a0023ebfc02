import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { NotificationCreatedSchema } from "@emporium/contracts/emporium/notifications/v1/events_pb";
import { NotificationKind, NotificationSchema } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import type { EventToRecord } from "@emporium/platform";
import type { Notification } from "../domain/notification";

/** The events' CloudEvents source is `/emporium/notifications`. */
export const NOTIFICATIONS_EVENT_SOURCE = "notifications";

const KIND = {
  back_in_stock: NotificationKind.BACK_IN_STOCK,
  review_published: NotificationKind.REVIEW_PUBLISHED,
  welcome: NotificationKind.WELCOME,
  order_confirmed: NotificationKind.ORDER_CONFIRMED,
  order_cancelled: NotificationKind.ORDER_CANCELLED,
  order_failed: NotificationKind.ORDER_FAILED,
  order_shipped: NotificationKind.ORDER_SHIPPED,
  order_delivered: NotificationKind.ORDER_DELIVERED,
} as const;

/** A notification on the wire: the RPC answers and NotificationCreated carry the same message. */
export const notificationToProto = (n: Omit<Notification, "readTime"> & Partial<Pick<Notification, "readTime">>) =>
  create(NotificationSchema, {
    ...n,
    kind: KIND[n.kind],
    createTime: timestampFromDate(n.createTime),
    readTime: n.readTime && timestampFromDate(n.readTime),
  });

/**
 * A notification as it was stored (unread). The notification is the aggregate; it is recorded once,
 * so this is its only event, at version 1.
 */
export const notificationCreated = (
  n: Omit<Notification, "readTime">,
): EventToRecord<typeof NotificationCreatedSchema> => ({
  schema: NotificationCreatedSchema,
  aggregateId: n.id,
  aggregateVersion: 1,
  payload: { notification: notificationToProto(n) },
});

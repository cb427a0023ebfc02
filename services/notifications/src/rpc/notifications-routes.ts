import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import {
  NotificationKind,
  NotificationSchema,
  WatchedProductSchema,
} from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { principalKey, readMaskOf, type RpcAdapter } from "@emporium/platform";
import type { NotificationsDeps } from "../application/notifications-deps";
import { notificationsAccess } from "./notifications-access";
import { listNotifications, markNotificationRead } from "../application/read-notifications";
import { listWatchedProducts, unwatchProduct, watchProduct } from "../application/watch-products";
import type { Notification, WatchedProduct } from "../domain/notification";

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

const watchedToProto = (w: WatchedProduct) =>
  create(WatchedProductSchema, { productId: w.productId, createTime: timestampFromDate(w.createTime) });
const notificationToProto = (n: Notification) =>
  create(NotificationSchema, {
    ...n,
    kind: KIND[n.kind],
    createTime: timestampFromDate(n.createTime),
    readTime: n.readTime && timestampFromDate(n.readTime),
  });

export function notificationsRoutes(deps: NotificationsDeps) {
  return (router: ConnectRouter) =>
    router.service(NotificationsService, {
      async watchProduct(req, ctx) {
        return {
          watchedProduct: watchedToProto(await watchProduct(deps, ctx.values.get(principalKey), req.productId)),
        };
      },
      async unwatchProduct(req, ctx) {
        return { wasWatching: await unwatchProduct(deps, ctx.values.get(principalKey), req.productId) };
      },
      async listWatchedProducts(req, ctx) {
        const page = await listWatchedProducts(
          deps,
          ctx.values.get(principalKey),
          req.pageSize,
          req.pageToken || undefined,
        );
        return { watchedProducts: page.items.map(watchedToProto), nextPageToken: page.nextPageToken };
      },
      async listNotifications(req, ctx) {
        const mask = readMaskOf(NotificationSchema, req.readMask);
        const page = await listNotifications(deps, ctx.values.get(principalKey), {
          pageSize: req.pageSize,
          pageToken: req.pageToken || undefined,
          customerId: req.customerId || undefined,
        });
        return {
          notifications: page.items.map((i) => mask.apply(notificationToProto(i.notification))),
          nextPageToken: page.nextPageToken,
        };
      },
      async markNotificationRead(req, ctx) {
        return {
          notification: notificationToProto(
            await markNotificationRead(deps, ctx.values.get(principalKey), req.notificationId),
          ),
        };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const notificationsRpc: RpcAdapter<NotificationsDeps> = {
  services: [NotificationsService],
  routes: notificationsRoutes,
  access: notificationsAccess,
};

import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import {
  NotificationSchema,
  WatchedProductSchema,
} from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { principalKey, readMaskOf, type RpcAdapter } from "@emporium/platform";
import type { NotificationsDeps } from "../application/notifications-deps";
import { notificationToProto } from "../application/notifications-events";
import { notificationsAccess } from "./notifications-access";
import { listNotifications, markNotificationRead } from "../application/read-notifications";
import { listWatchedProducts, unwatchProduct, watchProduct } from "../application/watch-products";
import type { WatchedProduct } from "../domain/notification";

const watchedToProto = (w: WatchedProduct) =>
  create(WatchedProductSchema, { productId: w.productId, createTime: timestampFromDate(w.createTime) });

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

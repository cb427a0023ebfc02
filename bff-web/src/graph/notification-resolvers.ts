import { NotificationKind, type Notification } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import type { GraphQLResolveInfo } from "graphql";
import { answerOf, selectionMask } from "@emporium/platform";
import { connectionOf } from "../composition/page-cursor";
import { dateOf, enumName } from "../composition/proto-values";
import { keyed, NOTIFICATION_FIELDS, PRODUCT_CARD_FIELDS } from "../composition/read-masks";
import type { WebContext } from "./web-context";

/** The caller's notifications (their token: notifications knows whose). */
export const notificationResolvers = {
  Query: {
    async myNotifications(
      _: unknown,
      args: { first: number; after?: string | null },
      ctx: WebContext,
      info: GraphQLResolveInfo,
    ) {
      const notifications = ctx.asCaller().notifications;
      const readMask = keyed(selectionMask(info, NOTIFICATION_FIELDS, { under: "edges.node" }));
      const { connection } = await connectionOf<Notification, { items: Notification[]; nextPageToken: string }>(
        args.first,
        args.after,
        async (pageToken, pageSize) => {
          const answer = await answerOf(notifications.listNotifications({ pageSize, pageToken, readMask }), {
            page_token: "after",
          });
          return { items: answer.notifications, nextPageToken: answer.nextPageToken };
        },
      );
      return connection;
    },
  },
  Mutation: {
    async markNotificationRead(_: unknown, { input }: { input: { id: string } }, ctx: WebContext) {
      const request = { notificationId: input.id };
      const answer = await answerOf(ctx.asCaller().notifications.markNotificationRead(request), {
        notification_id: "id",
      });
      return answer.notification;
    },
  },
  Notification: {
    kind: (n: Notification) => enumName(NotificationKind, n.kind),
    read: (n: Notification) => n.readTime !== undefined,
    createdAt: (n: Notification) => dateOf(n.createTime),
    readAt: (n: Notification) => dateOf(n.readTime),
    orderId: (n: Notification) => n.orderId || null,
    product: (n: Notification, _: unknown, ctx: WebContext, info: GraphQLResolveInfo) =>
      n.productId ? ctx.loaders.products(selectionMask(info, PRODUCT_CARD_FIELDS)).load(n.productId) : null,
  },
};

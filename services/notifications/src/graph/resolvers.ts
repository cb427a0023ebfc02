import DataLoader from "dataloader";
import {
  ListNotificationsRequestSchema,
  MarkNotificationReadRequestSchema,
  WatchProductRequestSchema,
} from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { connectionLimit, DateTimeScalar, validatedInput, type Principal } from "@emporium/platform";
import type { NotificationsDeps } from "../application/notifications-deps";
import { listNotifications, markNotificationRead } from "../application/read-notifications";
import { unwatchProduct, watchedByCaller, watchProduct } from "../application/watch-products";
import type { Notification } from "../domain/notification";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  deps: NotificationsDeps;
  watched: DataLoader<string, boolean>;
}

/** Per request: `watchedByMe` of any number of products costs one query. */
export function graphContext(
  deps: NotificationsDeps,
  { principal }: { principal?: Principal },
): Omit<GraphContext, "requestId" | "principal"> {
  return {
    deps,
    watched: new DataLoader(
      async (ids) => {
        const watched = await watchedByCaller(deps, principal, ids);
        return ids.map((id) => watched.has(id));
      },
      { maxBatchSize: 500 },
    ),
  };
}

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async myNotifications(_: unknown, args: { first: number; after?: string | null }, ctx: GraphContext) {
      const first = connectionLimit(args.first);
      const req = validatedInput(ListNotificationsRequestSchema, { pageSize: first, pageToken: args.after ?? "" });
      const page = await listNotifications(
        ctx.deps,
        ctx.principal,
        { pageSize: req.pageSize, pageToken: req.pageToken || undefined },
        "after",
      );
      return {
        edges: page.items.map((i) => ({ cursor: i.cursor, node: i.notification })),
        pageInfo: { hasNextPage: page.nextPageToken !== "", endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
  },
  Mutation: {
    async watchProduct(_: unknown, args: { productId: string }, ctx: GraphContext) {
      const req = validatedInput(WatchProductRequestSchema, { productId: args.productId });
      await watchProduct(ctx.deps, ctx.principal, req.productId);
      return { id: req.productId, watchedByMe: true };
    },
    async unwatchProduct(_: unknown, args: { productId: string }, ctx: GraphContext) {
      const req = validatedInput(WatchProductRequestSchema, { productId: args.productId });
      await unwatchProduct(ctx.deps, ctx.principal, req.productId);
      return { id: req.productId, watchedByMe: false };
    },
    markNotificationRead(_: unknown, args: { id: string }, ctx: GraphContext) {
      const req = validatedInput(
        MarkNotificationReadRequestSchema,
        { notificationId: args.id },
        {
          notification_id: "id",
        },
      );
      return markNotificationRead(ctx.deps, ctx.principal, req.notificationId);
    },
  },
  Product: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    watchedByMe: (product: { id: string; watchedByMe?: boolean }, _: unknown, ctx: GraphContext) =>
      product.watchedByMe ?? ctx.watched.load(product.id),
  },
  Notification: {
    kind: (n: Notification) => n.kind.toUpperCase(),
    product: (n: Notification) => (n.productId ? { __typename: "Product", id: n.productId } : null),
    order: (n: Notification) => (n.orderId ? { __typename: "Order", id: n.orderId } : null),
    createdAt: (n: Notification) => n.createTime,
    readAt: (n: Notification) => n.readTime ?? null,
  },
};

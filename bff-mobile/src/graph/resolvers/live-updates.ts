import { timestampDate } from "@bufbuild/protobuf/wkt";
import { NotificationKind, type Notification } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import { liveSubscriptionResolvers, type LiveFeed } from "@emporium/platform";
import type { MobileClients } from "../../composition/clients";
import { callsAs, type MobileContext } from "../context";

/**
 * The Subscription fields (the kit's, shared with bff-web): an order and a person's notifications
 * with the caller's own token (customers and admins, as the screens), a product's SKUs and their
 * stock as bff-mobile itself. Without a live feed they answer UNAVAILABLE.
 */
export function liveUpdateResolvers(clients: MobileClients, feed: LiveFeed | undefined) {
  return {
    Subscription: liveSubscriptionResolvers<MobileContext>({
      feed,
      catalog: clients.service.catalog,
      inventory: clients.service.inventory,
      callerOrders: (ctx) => callsAs(ctx, "customer", "admin").orders,
      callerNotifications: (ctx) => callsAs(ctx, "customer", "admin").notifications,
      principal: (ctx) => ctx.principal,
    }),
    Notification: notificationResolvers,
  };
}

const notificationResolvers = {
  kind: (n: Notification) => NotificationKind[n.kind],
  createdAt: (n: Notification) => (n.createTime ? timestampDate(n.createTime) : null),
  orderId: (n: Notification) => n.orderId || null,
  productId: (n: Notification) => n.productId || null,
};

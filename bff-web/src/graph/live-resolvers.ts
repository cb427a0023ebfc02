import { liveSubscriptionResolvers, type LiveFeed } from "@emporium/platform";
import type { WebServices } from "../composition/web-services";
import type { WebContext } from "./web-context";

/**
 * The Subscription fields (the kit's, shared with bff-mobile): an order and a person's notifications
 * with the caller's own token, so orders and notifications decide who may watch; a product's SKUs and
 * their stock as bff-web itself (anyone may watch those). Without a live feed they answer UNAVAILABLE.
 */
export function webSubscriptionResolvers(services: WebServices, feed: LiveFeed | undefined) {
  return liveSubscriptionResolvers<WebContext>({
    feed,
    catalog: services.asBff.catalog,
    inventory: services.asBff.inventory,
    callerOrders: (ctx) => ctx.asCaller().orders,
    callerNotifications: (ctx) => ctx.asCaller().notifications,
    principal: (ctx) => ctx.principal,
  });
}

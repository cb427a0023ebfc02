import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { StockReplenishedSchema } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { OrderStatusChangedSchema } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { ReviewPostedSchema } from "@emporium/contracts/emporium/reviews/v1/events_pb";
import { AppError, PermanentEventError, subscribe, type EventContext, type Subscription } from "@emporium/platform";
import { notifyBackInStock } from "../application/notify-back-in-stock";
import { notifyOrderStatus } from "../application/notify-order-status";
import { notifyReviewPublished } from "../application/notify-review-published";
import type { HandlerDeps } from "../application/record-notifications";
import { welcomeCustomer } from "../application/welcome-customer";
import { pgRepositories } from "../db/repositories";

/** The queue (and inbox key) this service consumes from. */
export const CONSUMER = "notifications";

/**
 * Each handler writes only through the repositories over `ctx.tx`, the transaction the platform
 * writes the inbox row in, so the effect and "this message was handled" commit together. An event the handler refuses as
 * invalid can never succeed: it goes to the dead-letter queue instead of being retried.
 */
async function handled(ctx: EventContext, work: () => Promise<number>): Promise<void> {
  try {
    const recorded = await work();
    ctx.logger.info({ notifications: recorded }, "notifications recorded");
  } catch (err) {
    if (err instanceof AppError && err.code === "INVALID_ARGUMENT") throw new PermanentEventError(err.message);
    throw err;
  }
}

export function notificationSubscriptions(deps: HandlerDeps): Subscription[] {
  return [
    subscribe(StockReplenishedSchema, (event, ctx) =>
      handled(ctx, () => notifyBackInStock(deps, pgRepositories(ctx.tx), event, ctx.envelope)),
    ),
    subscribe(ReviewPostedSchema, (event, ctx) =>
      handled(ctx, () => notifyReviewPublished(deps, pgRepositories(ctx.tx), event, ctx.envelope)),
    ),
    subscribe(CustomerRegisteredSchema, (event, ctx) =>
      handled(ctx, () => welcomeCustomer(deps, pgRepositories(ctx.tx), event, ctx.envelope)),
    ),
    subscribe(OrderStatusChangedSchema, (event, ctx) =>
      handled(ctx, () => notifyOrderStatus(deps, pgRepositories(ctx.tx), event, ctx.envelope)),
    ),
  ];
}

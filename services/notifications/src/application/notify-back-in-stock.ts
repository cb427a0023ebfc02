import type { StockReplenished } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import type { NotificationRepositories } from "./notifications-deps";
import { recordNotifications, requireFields, type HandlerDeps, type SourceEvent } from "./record-notifications";

/**
 * StockReplenished → "back in stock" for every customer watching the product at this moment.
 * Watches stay: the next replenishment notifies again; this one never notifies anyone twice.
 */
export async function notifyBackInStock(
  deps: HandlerDeps,
  tx: NotificationRepositories,
  event: StockReplenished,
  source: SourceEvent,
): Promise<number> {
  requireFields(source, { product_id: event.productId });
  const watchers = await tx.watches.watchersOf(event.productId);
  return recordNotifications(deps, tx, source, watchers, {
    kind: "back_in_stock",
    productId: event.productId,
    available: event.available,
  });
}

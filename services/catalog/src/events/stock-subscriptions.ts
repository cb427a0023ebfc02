import {
  StockDepletedSchema,
  StockReleasedSchema,
  StockReplenishedSchema,
  StockReservedSchema,
} from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { PermanentEventError, subscribe, type EventContext, type Subscription } from "@emporium/platform";
import type { CatalogDeps } from "../application/catalog-deps";
import { recordSkuStock } from "../application/record-stock";
import { PgSkuStockProjection } from "../db/sku-stock-projection";

/** The queue (and inbox key) the catalog consumes from. */
export const CONSUMER = "catalog";

/**
 * Inventory's stock events, each telling whether a SKU has stock available after the change, at
 * the SKU's version (the envelope's aggregate version). Depleted and Replenished mark the
 * crossings; Reserved and Released carry the available quantity too, so the projection is right
 * again after any of them even if a crossing was missed.
 */
export function stockSubscriptions(deps: Pick<CatalogDeps, "clock">): Subscription[] {
  const record = async (skuId: string, productId: string, inStock: boolean, ctx: EventContext) => {
    if (!skuId || !productId) throw new PermanentEventError(`${ctx.envelope.type} without sku_id or product_id`);
    const kept = await recordSkuStock(
      new PgSkuStockProjection(ctx.tx),
      { skuId, productId, inStock, version: ctx.envelope.aggregateVersion },
      deps.clock(),
    );
    ctx.logger.debug({ skuId, inStock, kept }, kept ? "stock state recorded" : "older stock state ignored");
  };
  return [
    subscribe(StockDepletedSchema, (e, ctx) => record(e.skuId, e.productId, false, ctx)),
    subscribe(StockReplenishedSchema, (e, ctx) => record(e.skuId, e.productId, e.available > 0n, ctx)),
    subscribe(StockReservedSchema, (e, ctx) => record(e.skuId, e.productId, e.available > 0n, ctx)),
    subscribe(StockReleasedSchema, (e, ctx) => record(e.skuId, e.productId, e.available > 0n, ctx)),
  ];
}

import type { SkuStockProjection, SkuStockState } from "./catalog-deps";

/**
 * Keeps what inventory last said about a SKU's stock. Inventory's events for one SKU carry
 * increasing versions, but the broker may hand them over in another order (retries, redelivery):
 * a state older than the one kept is ignored, so the newest word always wins.
 */
export function recordSkuStock(projection: SkuStockProjection, state: SkuStockState, now: Date): Promise<boolean> {
  return projection.record(state, now);
}

import { totals, type SkuAvailability } from "../domain/stock";
import type { InventoryTransaction } from "./inventory-deps";
import { stockEvents, type StockCause } from "./inventory-events";

/**
 * Ends a change of stock: for each SKU it touched, records its events in the outbox (the change
 * itself, then a zero crossing, then the new availability) and moves the SKU's version on, one
 * version per event, so a consumer sees StockReserved before the StockDepleted it caused. A change
 * without events (a commit) still moves the version once: every change is a new version.
 * `before` is the stock read after `lockSkus`/`lockStock`, before the change. Returns the stock
 * after, at the SKU's new version.
 */
export async function recordStockChanges(
  tx: InventoryTransaction,
  skuIds: readonly string[],
  before: readonly SkuAvailability[],
  causeOf: (skuId: string) => StockCause | undefined,
): Promise<SkuAvailability[]> {
  const availableBefore = new Map(before.map((a) => [a.skuId, totals(a).available]));
  const after: SkuAvailability[] = [];
  for (const sku of await tx.stockOf(skuIds)) {
    const events = stockEvents(sku, availableBefore.get(sku.skuId) ?? 0n, causeOf(sku.skuId));
    const newVersion = await tx.advanceVersion(sku.skuId, Math.max(events.length, 1));
    let version = newVersion - BigInt(events.length);
    for (const pending of events) await tx.recordEvent(pending(++version));
    after.push({ ...sku, version: newVersion });
  }
  return after;
}

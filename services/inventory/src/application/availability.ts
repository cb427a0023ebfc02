import { notFound } from "@emporium/platform";
import type { SkuAvailability } from "../domain/stock";
import type { InventoryDeps } from "./inventory-deps";

export async function getAvailability(deps: InventoryDeps, skuId: string): Promise<SkuAvailability> {
  const [found] = await deps.inventory.bySkus([skuId]);
  if (!found) throw notFound("SKU", skuId);
  return found;
}

/** Known SKUs in request order (duplicates collapsed) and the unknown ids. One query. */
export async function batchGetAvailability(deps: InventoryDeps, skuIds: readonly string[]) {
  const unique = [...new Set(skuIds)];
  const found = new Map((await deps.inventory.bySkus(unique)).map((a) => [a.skuId, a]));
  return {
    availabilities: unique.flatMap((id) => found.get(id) ?? []),
    missingSkuIds: unique.filter((id) => !found.has(id)),
  };
}

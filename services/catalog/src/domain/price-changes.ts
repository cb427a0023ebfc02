import type { Money } from "@emporium/platform";
import type { Product } from "./product";

export interface SkuPriceChange {
  skuId: string;
  skuCode: string;
  oldPrice: Money;
  newPrice: Money;
}

/** The SKUs whose price differs between two states of a product; setting a price to itself is no change. */
export function priceChanges(before: Product, after: Product): SkuPriceChange[] {
  const previous = new Map(before.skus.map((s) => [s.id, s.price]));
  return after.skus.flatMap((sku) => {
    const old = previous.get(sku.id);
    if (!old || (old.amountMinor === sku.price.amountMinor && old.currency === sku.price.currency)) return [];
    return [{ skuId: sku.id, skuCode: sku.code, oldPrice: old, newPrice: sku.price }];
  });
}

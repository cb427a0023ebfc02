import type { Product, Sku } from "../domain/product";
import type { CatalogDeps } from "./catalog-deps";

export interface SkuOfProduct {
  sku: Sku;
  product: Product;
}

/** Known SKUs in request order (duplicates collapsed), each with its product, and the ids that name none. One query. */
export async function batchGetSkus(
  deps: CatalogDeps,
  ids: readonly string[],
): Promise<{ skus: SkuOfProduct[]; missingIds: string[] }> {
  const unique = [...new Set(ids)];
  const found = new Map<string, SkuOfProduct>();
  for (const product of await deps.products.findBySkuIds(unique))
    for (const sku of product.skus) found.set(sku.id, { sku, product });
  return {
    skus: unique.flatMap((id) => found.get(id) ?? []),
    missingIds: unique.filter((id) => !found.has(id)),
  };
}

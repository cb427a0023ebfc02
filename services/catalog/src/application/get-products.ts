import { notFound } from "@emporium/platform";
import type { Product } from "../domain/product";
import type { CatalogDeps } from "./catalog-deps";

export async function getProduct(deps: CatalogDeps, id: string): Promise<Product> {
  const [product] = await deps.products.findByIds([id]);
  if (!product) throw notFound("product", id);
  return product;
}

/** Known products in request order (duplicates collapsed) and the ids that name none. One query. */
export async function batchGetProducts(
  deps: CatalogDeps,
  ids: readonly string[],
): Promise<{ products: Product[]; missingIds: string[] }> {
  const unique = [...new Set(ids)];
  const found = new Map((await deps.products.findByIds(unique)).map((p) => [p.id, p]));
  return {
    products: unique.flatMap((id) => found.get(id) ?? []),
    missingIds: unique.filter((id) => !found.has(id)),
  };
}

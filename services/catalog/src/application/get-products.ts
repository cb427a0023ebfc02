import { notFound } from "@emporium/platform";
import type { Product } from "../domain/product";
import { LOAD_EVERYTHING, type CatalogDeps, type ProductLoad } from "./catalog-deps";

/** One product, with its SKUs and pictures only when `load` asks for them. */
export async function getProduct(deps: CatalogDeps, id: string, load: ProductLoad = LOAD_EVERYTHING): Promise<Product> {
  const [product] = await deps.products.findByIds([id], load);
  if (!product) throw notFound("product", id);
  return product;
}

/** Known products in request order (duplicates collapsed) and the ids that name none. One query. */
export async function batchGetProducts(
  deps: CatalogDeps,
  ids: readonly string[],
  load: ProductLoad = LOAD_EVERYTHING,
): Promise<{ products: Product[]; missingIds: string[] }> {
  const unique = [...new Set(ids)];
  const found = new Map((await deps.products.findByIds(unique, load)).map((p) => [p.id, p]));
  return {
    products: unique.flatMap((id) => found.get(id) ?? []),
    missingIds: unique.filter((id) => !found.has(id)),
  };
}

import { decodePageToken, encodePageToken, pageLimit, type KeysetList } from "@emporium/platform";
import type { Category, Product } from "../domain/product";
import type { CatalogDeps } from "./catalog-deps";

export interface ListProductsQuery {
  pageSize?: number;
  pageToken?: string;
  categoryId?: string;
  text?: string;
}

export interface ProductPage {
  items: Array<{ product: Product; cursor: string }>;
  nextPageToken: string;
}

/** Keyset pagination: stable under inserts, no OFFSET scans. Each item carries its own cursor. */
export async function listProducts(
  deps: CatalogDeps,
  query: ListProductsQuery,
  tokenField = "page_token",
): Promise<ProductPage> {
  const limit = pageLimit(query.pageSize);
  const filter = { c: query.categoryId || "", q: query.text?.trim() || "" };
  // Sorted by name, or by rank when searching: a token is good for the same filter only.
  const list: KeysetList = { of: filter, sortKey: filter.q ? "number" : "text" };
  const after = query.pageToken ? decodePageToken(list, query.pageToken, tokenField) : undefined;
  const rows = await deps.products.page({
    limit,
    categoryId: filter.c || undefined,
    text: filter.q || undefined,
    after,
  });
  const items = rows
    .slice(0, limit)
    .map((row) => ({ product: row.product, cursor: encodePageToken(list, { key: row.key, id: row.product.id }) }));
  return { items, nextPageToken: rows.length > limit ? items[items.length - 1]!.cursor : "" };
}

export function listCategories(deps: CatalogDeps): Promise<Category[]> {
  return deps.products.listCategories();
}

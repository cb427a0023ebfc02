import type { Category, Product } from "../domain/product";
import type { CatalogDeps } from "./catalog-deps";
import { decodePageToken, encodePageToken } from "./page-token";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

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
  const limit = Math.min(query.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const filter = { c: query.categoryId || "", q: query.text?.trim() || "" };
  const after = query.pageToken ? decodePageToken(query.pageToken, filter, tokenField) : undefined;
  const rows = await deps.products.page({
    limit,
    categoryId: filter.c || undefined,
    text: filter.q || undefined,
    after,
  });
  const items = rows
    .slice(0, limit)
    .map((row) => ({ product: row.product, cursor: encodePageToken({ key: row.key, id: row.product.id }, filter) }));
  return { items, nextPageToken: rows.length > limit ? items[items.length - 1]!.cursor : "" };
}

export function listCategories(deps: CatalogDeps): Promise<Category[]> {
  return deps.products.listCategories();
}

import { decodePageToken, encodePageToken, invalidArgument, pageLimit, type KeysetList } from "@emporium/platform";
import type { Category, Product } from "../domain/product";
import {
  effectiveSort,
  type PriceBandName,
  type ProductFacets,
  type ProductFilter,
  type ProductSortOrder,
} from "../domain/product-listing";
import { LOAD_EVERYTHING, type CatalogDeps, type ProductLoad } from "./catalog-deps";

export interface ListProductsQuery {
  pageSize?: number;
  pageToken?: string;
  categoryId?: string;
  text?: string;
  /** Unset: relevance with a query, name without. */
  sort?: ProductSortOrder;
  priceBands?: readonly PriceBandName[];
  inStock?: boolean;
  /** Count the matching products per facet value too (one more query). */
  facets?: boolean;
}

export interface ProductPage {
  items: Array<{ product: Product; cursor: string }>;
  nextPageToken: string;
  /** Present when the query asked for facets. */
  facets?: ProductFacets;
}

/** What each order's keyset key is: the kit refuses a token whose key is of another kind. */
const SORT_KEY_KIND: Record<ProductSortOrder, KeysetList["sortKey"]> = {
  relevance: "number",
  newest: "number",
  price_asc: "number",
  price_desc: "number",
  name: "text",
};

/**
 * Keyset pagination: stable under inserts, no OFFSET scans. Each item carries its own cursor. A
 * token belongs to its filters and its order: with any other, it is refused (`page_token.valid`).
 * Field names in errors are the RPC's unless the caller (GraphQL) names its own.
 */
export async function listProducts(
  deps: CatalogDeps,
  query: ListProductsQuery,
  fields: { pageToken: string; sort: string } = { pageToken: "page_token", sort: "sort" },
  load: ProductLoad = LOAD_EVERYTHING,
): Promise<ProductPage> {
  const limit = pageLimit(query.pageSize);
  const filter = listingFilter(query);
  const sort = effectiveSort(query.sort, filter.text);
  if (sort === "relevance" && !filter.text)
    throw invalidArgument([
      { field: fields.sort, ruleId: "sort.relevance_query", message: "sorting by relevance needs a query" },
    ]);
  const list: KeysetList = {
    of: { c: filter.categoryId ?? "", q: filter.text ?? "", b: filter.priceBands, s: filter.inStock ?? null, o: sort },
    sortKey: SORT_KEY_KIND[sort],
  };
  const after = query.pageToken ? decodePageToken(list, query.pageToken, fields.pageToken) : undefined;
  const [rows, facets] = await Promise.all([
    deps.products.page({ limit, filter, sort, after }, load),
    query.facets ? deps.products.facets(filter) : undefined,
  ]);
  const items = rows
    .slice(0, limit)
    .map((row) => ({ product: row.product, cursor: encodePageToken(list, { key: row.key, id: row.product.id }) }));
  return {
    items,
    nextPageToken: rows.length > limit ? items[items.length - 1]!.cursor : "",
    ...(facets && { facets }),
  };
}

/** The filter a query names, in one canonical form (so equal filters give equal page tokens). */
export function listingFilter(query: ListProductsQuery): ProductFilter {
  return {
    categoryId: query.categoryId || undefined,
    text: query.text?.trim() || undefined,
    priceBands: [...new Set(query.priceBands ?? [])].sort(),
    inStock: query.inStock,
  };
}

/** Facet counts alone, for a caller that lists and counts separately (the subgraph counts only when asked). */
export function countFacets(deps: CatalogDeps, query: ListProductsQuery): Promise<ProductFacets> {
  return deps.products.facets(listingFilter(query));
}

export function listCategories(deps: CatalogDeps): Promise<Category[]> {
  return deps.products.listCategories();
}

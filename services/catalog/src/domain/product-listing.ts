import type { Category } from "./product";

/** The orders ListProducts offers; each ends with the product id so pages neither skip nor repeat. */
export type ProductSortOrder = "relevance" | "newest" | "price_asc" | "price_desc" | "name";

export type PriceBandName = "under_25" | "from_25_to_50" | "from_50_to_100" | "from_100";

/** A fixed range of a product's lowest SKU price, in minor units: min included, max excluded. */
export interface PriceBand {
  band: PriceBandName;
  minMinor: bigint;
  /** Unset for the last, open-ended band. */
  maxMinor?: bigint;
}

/** The bands, cheapest first. They are in minor units of whatever currency the product has. */
export const PRICE_BANDS: readonly PriceBand[] = [
  { band: "under_25", minMinor: 0n, maxMinor: 2500n },
  { band: "from_25_to_50", minMinor: 2500n, maxMinor: 5000n },
  { band: "from_50_to_100", minMinor: 5000n, maxMinor: 10000n },
  { band: "from_100", minMinor: 10000n },
];

/** What a listing is narrowed to; every filter that is unset lets every product through. */
export interface ProductFilter {
  categoryId?: string;
  /** Full-text query (web search syntax). */
  text?: string;
  /** Any of these bands; empty or unset: any price. */
  priceBands?: readonly PriceBandName[];
  /** True: at least one SKU in stock; false: none. */
  inStock?: boolean;
}

/**
 * How many products match a listing, per facet value. Each facet is counted with every filter
 * except its own (standard faceting): the category counts ignore the category filter, and so on.
 */
export interface ProductFacets {
  categories: Array<{ category: Category; count: number }>;
  /** Every band, cheapest first, zeros included. */
  priceBands: Array<PriceBand & { count: number }>;
  inStock: number;
  outOfStock: number;
}

/** Without a query there is nothing to rank by: relevance then means name order. */
export function effectiveSort(sort: ProductSortOrder | undefined, text: string | undefined): ProductSortOrder {
  return sort ?? (text ? "relevance" : "name");
}

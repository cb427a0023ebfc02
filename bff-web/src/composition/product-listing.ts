import type { FieldMask } from "@bufbuild/protobuf/wkt";
import type { Product } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import {
  PriceBand,
  ProductSort,
  type ListProductsResponse,
  type ProductFacets,
} from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { answerOf, type Money } from "@emporium/platform";
import { connectionOf, type Connection } from "./page-cursor";
import type { BffCalls } from "./web-services";
import { keyed } from "./read-masks";

export interface ListingArgs {
  first: number;
  after?: string | null;
  filter?: {
    categoryId?: string | null;
    query?: string | null;
    priceBands?: readonly (keyof typeof PriceBand)[] | null;
    inStock?: boolean | null;
  } | null;
  sort?: keyof typeof SORTS | null;
}

const SORTS = {
  RELEVANCE: ProductSort.RELEVANCE,
  NEWEST: ProductSort.NEWEST,
  PRICE_LOW_TO_HIGH: ProductSort.PRICE_ASC,
  PRICE_HIGH_TO_LOW: ProductSort.PRICE_DESC,
  NAME: ProductSort.NAME,
} as const;

/** Catalog prices in one currency; its price bands are in its minor units. */
const CATALOG_CURRENCY = "EUR";

export interface Listing {
  connection: Connection<Product>;
  facets: WebFacets | null;
}

export interface WebFacets {
  categories: Array<{ categoryId: string; name: string; count: number }>;
  priceBands: Array<{ band: string; min: Money; max: Money | null; count: number }>;
  inStock: number;
  outOfStock: number;
}

/**
 * One ListProducts call for a page of the listing, as the BFF (browsing is public). Facet counts
 * are asked for only when the query selects them, and the products carry only the selected fields.
 */
export async function listProducts(
  catalog: BffCalls["catalog"],
  args: ListingArgs,
  options: { mask: FieldMask; facets: boolean },
): Promise<Listing> {
  const filter = args.filter ?? {};
  const { connection, answer } = await connectionOf<Product, ListProductsResponse & { items: Product[] }>(
    args.first,
    args.after,
    async (pageToken, pageSize) => {
      const request = {
        pageSize,
        pageToken,
        categoryId: filter.categoryId ?? "",
        query: filter.query ?? "",
        sort: args.sort ? SORTS[args.sort] : ProductSort.UNSPECIFIED,
        priceBands: (filter.priceBands ?? []).map((b) => PriceBand[b]),
        inStock: filter.inStock ?? undefined,
        includeFacets: options.facets,
        readMask: keyed(options.mask),
      };
      const page = await answerOf(catalog.listProducts(request), {
        page_token: "after",
        category_id: "filter.categoryId",
        query: "filter.query",
        price_bands: "filter.priceBands",
      });
      return Object.assign(page, { items: page.products });
    },
  );
  return { connection, facets: answer.facets ? webFacets(answer.facets) : null };
}

function webFacets(facets: ProductFacets): WebFacets {
  const money = (amountMinor: bigint) => ({ currency: CATALOG_CURRENCY, amountMinor });
  return {
    categories: facets.categories.map((c) => ({ categoryId: c.categoryId, name: c.name, count: c.count })),
    priceBands: facets.priceBands.map((b) => ({
      band: PriceBand[b.band] ?? "UNSPECIFIED",
      min: money(b.minMinor),
      max: b.maxMinor === undefined ? null : money(b.maxMinor),
      count: b.count,
    })),
    inStock: facets.inStock,
    outOfStock: facets.outOfStock,
  };
}

import { connectionLimit, selectionMask } from "@emporium/platform";
import type { GraphQLResolveInfo } from "graphql";
import type { ProductLoad } from "../application/catalog-deps";
import { countFacets, listProducts, type ListProductsQuery } from "../application/list-products";
import type { PriceBand, PriceBandName, ProductSortOrder } from "../domain/product-listing";
import type { GraphContext } from "./graph-context";

const SORTS = {
  RELEVANCE: "relevance",
  NEWEST: "newest",
  PRICE_ASC: "price_asc",
  PRICE_DESC: "price_desc",
  NAME: "name",
} as const satisfies Record<string, ProductSortOrder>;

type GraphqlPriceBand = "UNDER_25" | "FROM_25_TO_50" | "FROM_50_TO_100" | "FROM_100";
const PRICE_BANDS_IN: Record<GraphqlPriceBand, PriceBandName> = {
  UNDER_25: "under_25",
  FROM_25_TO_50: "from_25_to_50",
  FROM_50_TO_100: "from_50_to_100",
  FROM_100: "from_100",
};
const PRICE_BANDS_OUT = Object.fromEntries(Object.entries(PRICE_BANDS_IN).map(([k, v]) => [v, k])) as Record<
  PriceBandName,
  GraphqlPriceBand
>;

interface ProductsArgs {
  first: number;
  after?: string | null;
  filter?: {
    categoryId?: string | null;
    query?: string | null;
    priceBands?: GraphqlPriceBand[] | null;
    inStock?: boolean | null;
  } | null;
  sort?: keyof typeof SORTS | null;
}

/** The Product fields that need SKUs or pictures loaded; every other field comes from the product row. */
const LOADED_FIELDS = { skus: "skus", priceRange: "skus", images: "images", imageUrl: "images" } as const;

/** What the listing's nodes need loaded, as the query selects them (fragments and aliases followed). */
function loadFor(info: GraphQLResolveInfo): ProductLoad {
  const { paths } = selectionMask(info, LOADED_FIELDS, { under: "edges.node" });
  return { skus: paths.includes("skus"), images: paths.includes("images") };
}

/**
 * The product listing as a Relay connection. Its nodes load SKUs and pictures only when selected,
 * and its facets are counted only when selected, so a tile list through the gateway costs what the
 * same list costs a BFF.
 */
export const listingResolvers = {
  Query: {
    async products(_: unknown, args: ProductsArgs, ctx: GraphContext, info: GraphQLResolveInfo) {
      const query: ListProductsQuery = {
        pageSize: connectionLimit(args.first),
        pageToken: args.after ?? undefined,
        categoryId: args.filter?.categoryId ?? undefined,
        text: args.filter?.query ?? undefined,
        sort: args.sort ? SORTS[args.sort] : undefined,
        priceBands: args.filter?.priceBands?.map((b) => PRICE_BANDS_IN[b]),
        inStock: args.filter?.inStock ?? undefined,
      };
      const load = loadFor(info);
      const page = await listProducts(ctx.deps, query, { pageToken: "after", sort: "sort" }, load);
      // Only whole products may stand in for a later product(id) or reference in this request.
      if (load.skus && load.images) for (const item of page.items) ctx.products.prime(item.product.id, item.product);
      return {
        edges: page.items.map((i) => ({ cursor: i.cursor, node: i.product })),
        pageInfo: { hasNextPage: page.nextPageToken !== "", endCursor: page.items.at(-1)?.cursor ?? null },
        query,
      };
    },
  },
  ProductConnection: {
    facets: (conn: { query: ListProductsQuery }, _: unknown, ctx: GraphContext) => countFacets(ctx.deps, conn.query),
  },
  PriceBandFacet: {
    band: (b: PriceBand) => PRICE_BANDS_OUT[b.band],
    minAmountMinor: (b: PriceBand) => b.minMinor.toString(),
    maxAmountMinor: (b: PriceBand) => b.maxMinor?.toString() ?? null,
  },
};

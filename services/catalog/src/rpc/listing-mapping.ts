import { create } from "@bufbuild/protobuf";
import {
  PriceBand,
  ProductFacetsSchema,
  ProductSort,
  type ProductFacets as ProductFacetsProto,
} from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import type { PriceBandName, ProductFacets, ProductSortOrder } from "../domain/product-listing";

const SORTS: Record<ProductSort, ProductSortOrder | undefined> = {
  [ProductSort.UNSPECIFIED]: undefined,
  [ProductSort.RELEVANCE]: "relevance",
  [ProductSort.NEWEST]: "newest",
  [ProductSort.PRICE_ASC]: "price_asc",
  [ProductSort.PRICE_DESC]: "price_desc",
  [ProductSort.NAME]: "name",
};

const BANDS: Record<PriceBandName, PriceBand> = {
  under_25: PriceBand.UNDER_25,
  from_25_to_50: PriceBand.FROM_25_TO_50,
  from_50_to_100: PriceBand.FROM_50_TO_100,
  from_100: PriceBand.FROM_100,
};

/** The proto validation has refused undefined values before this runs. */
export const sortFromProto = (sort: ProductSort): ProductSortOrder | undefined => SORTS[sort];

export const priceBandsFromProto = (bands: readonly PriceBand[]): PriceBandName[] =>
  bands.flatMap((b) => (Object.keys(BANDS) as PriceBandName[]).filter((name) => BANDS[name] === b));

export function facetsToProto(facets: ProductFacets): ProductFacetsProto {
  return create(ProductFacetsSchema, {
    categories: facets.categories.map((c) => ({ categoryId: c.category.id, name: c.category.name, count: c.count })),
    priceBands: facets.priceBands.map((b) => ({
      band: BANDS[b.band],
      minMinor: b.minMinor,
      maxMinor: b.maxMinor,
      count: b.count,
    })),
    inStock: facets.inStock,
    outOfStock: facets.outOfStock,
  });
}

import type { FieldMask } from "@bufbuild/protobuf/wkt";
import { ProductSchema } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { readMaskOf, type ReadMask } from "@emporium/platform";
import type { ProductLoad } from "../application/catalog-deps";

/**
 * A read RPC's mask (paths relative to Product, AIP-157) and what it lets the read skip: SKUs and
 * pictures are loaded only when a path selects them. The adapter applies the mask to what it returns.
 */
export function productReadMask(mask: FieldMask | undefined): { mask: ReadMask; load: ProductLoad } {
  const readMask = readMaskOf(ProductSchema, mask);
  return { mask: readMask, load: { skus: readMask.has("skus"), images: readMask.has("images") } };
}

import { ImageSize, type Image, type Product } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import type { Money as ProtoMoney } from "@emporium/contracts/emporium/type/v1/money_pb";
import type { Money } from "@emporium/platform";
import type { MobileLoaders } from "./loaders";

/** The GraphQL enum's names are the proto's (THUMB, SMALL, MEDIUM, LARGE). */
export type ImageSizeName = "THUMB" | "SMALL" | "MEDIUM" | "LARGE";

/** What an image URL of some size needs of Product (not the alt texts, ids or widths). */
export const IMAGE_URLS = ["images.variants.size", "images.variants.url"];

const urlOf = (image: Image, size: ImageSizeName) =>
  image.variants.find((v) => v.size === ImageSize[size])?.url ?? null;

/** The product's main picture (the first) in one size; null without pictures. */
export function mainImageUrl(images: readonly Image[] | undefined, size: ImageSizeName): string | null {
  const main = images?.[0];
  return main ? urlOf(main, size) : null;
}

/** Every picture of the product in one size, in display order. */
export function imageUrls(images: readonly Image[] | undefined, size: ImageSizeName): string[] {
  return (images ?? []).map((i) => urlOf(i, size)).filter((u): u is string => u !== null);
}

/** Proto money as the kit's Money (what the Money field resolvers format). */
export function money(m: ProtoMoney | undefined): Money | null {
  return m ? { currency: m.currencyCode, amountMinor: m.amountMinor } : null;
}

/** The lowest price of the product's SKUs ("from €19.99"): the catalog's own, else from the SKUs. */
export function lowestPrice(product: Product): Money | null {
  if (product.lowestPrice) return money(product.lowestPrice);
  const prices = product.skus.map((s) => s.price).filter((p): p is ProtoMoney => p !== undefined);
  const lowest = prices.reduce<ProtoMoney | undefined>(
    (a, b) => (!a || b.amountMinor < a.amountMinor ? b : a),
    undefined,
  );
  return money(lowest);
}

/** In stock when any of the SKUs is: one batched inventory call for every SKU of the query level. */
export async function anyInStock(loaders: MobileLoaders, skuIds: readonly string[]): Promise<boolean> {
  const stock = await loaders.availability.loadMany(skuIds);
  const failed = stock.find((s): s is Error => s instanceof Error);
  if (failed) throw failed;
  return stock.some((s) => !(s instanceof Error) && s !== null && s.available > 0n);
}

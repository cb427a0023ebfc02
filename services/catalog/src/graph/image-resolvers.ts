import type { Product, ProductImage } from "../domain/product";
import { IMAGE_WIDTHS, imageUrl, imageVariants, type ImageSizeName } from "../domain/product-images";
import type { GraphContext } from "./graph-context";

type GraphqlImageSize = Uppercase<ImageSizeName>;
const IMAGE_SIZES_IN = Object.fromEntries(
  Object.keys(IMAGE_WIDTHS).map((size) => [size.toUpperCase(), size]),
) as Record<GraphqlImageSize, ImageSizeName>;

/** Picture URLs are built from the configured base URL, one size at a time or all of them. */
export const imageResolvers = {
  Product: {
    imageUrl: (p: Product, args: { size: GraphqlImageSize }, ctx: GraphContext) =>
      p.images[0] ? imageUrl(ctx.deps.imageBaseUrl, p.images[0].key, IMAGE_SIZES_IN[args.size]) : null,
  },
  Image: {
    url: (i: ProductImage, args: { size: GraphqlImageSize }, ctx: GraphContext) =>
      imageUrl(ctx.deps.imageBaseUrl, i.key, IMAGE_SIZES_IN[args.size]),
    variants: (i: ProductImage, _: unknown, ctx: GraphContext) =>
      imageVariants(ctx.deps.imageBaseUrl, i).map((v) => ({ ...v, size: v.size.toUpperCase() })),
  },
};

import type { Product, Sku } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import type { Review } from "@emporium/contracts/emporium/reviews/v1/reviews_pb";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { connectionLimit, selectionMask } from "@emporium/platform";
import type { GraphQLResolveInfo } from "graphql";
import {
  anyInStock,
  IMAGE_URLS,
  imageUrls,
  lowestPrice,
  money,
  type ImageSizeName,
} from "../../composition/product-views";
import type { MobileContext } from "../context";

/** ProductScreen's fields as the Product fields they need; `options` shows a SKU's id, name and price. */
const PRODUCT_FIELDS = {
  id: "id",
  name: "name",
  description: "description",
  price: "lowest_price",
  imageUrls: IMAGE_URLS,
  inStock: "skus.id",
  options: "skus",
  "options.skuId": "skus.id",
  "options.label": "skus.name",
  "options.price": "skus.price",
  "options.inStock": "skus.id",
  // From reviews (and customers), not catalog.
  rating: [],
  reviews: [],
};
/** The product screen shows the newest few reviews; the web shop pages through them. */
export const MAX_SCREEN_REVIEWS = 10;

const REVIEW_FIELDS = { rating: "rating", title: "title", body: "body", author: "author_id", createdAt: "create_time" };

export const productScreenResolvers = {
  Query: {
    async productScreen(_: unknown, args: { id: string }, ctx: MobileContext, info: GraphQLResolveInfo) {
      const readMask = selectionMask(info, PRODUCT_FIELDS);
      readMask.paths = [...new Set(["id", ...readMask.paths])];
      const res = await ctx.clients.service.catalog.getProduct({ id: args.id, readMask });
      return res.product;
    },
  },
  ProductScreen: {
    price: (p: Product) => lowestPrice(p),
    imageUrls: (p: Product, args: { size: ImageSizeName }) => imageUrls(p.images, args.size),
    inStock: (p: Product, _: unknown, ctx: MobileContext) =>
      anyInStock(
        ctx.loaders,
        p.skus.map((s) => s.id),
      ),
    options: (p: Product) => p.skus,
    async rating(p: Product, _: unknown, ctx: MobileContext) {
      const summary = await ctx.loaders.rating.load(p.id);
      return summary && summary.count > 0n ? { average: summary.average, count: Number(summary.count) } : null;
    },
    async reviews(p: Product, args: { first: number }, ctx: MobileContext, info: GraphQLResolveInfo) {
      const first = connectionLimit(args.first, "first", MAX_SCREEN_REVIEWS);
      const readMask = selectionMask(info, REVIEW_FIELDS);
      const res = await ctx.clients.service.reviews.listProductReviews({
        productId: p.id,
        pageSize: first,
        readMask,
      });
      return res.reviews;
    },
  },
  ProductOption: {
    skuId: (s: Sku) => s.id,
    label: (s: Sku) => s.name,
    price: (s: Sku) => money(s.price),
    inStock: (s: Sku, _: unknown, ctx: MobileContext) => anyInStock(ctx.loaders, [s.id]),
  },
  ReviewLine: {
    author: (r: Review, _: unknown, ctx: MobileContext) => ctx.loaders.authorName.load(r.authorId),
    createdAt: (r: Review) => (r.createTime ? timestampDate(r.createTime) : null),
  },
};

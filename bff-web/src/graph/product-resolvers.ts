import type { Image, Product, Sku } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { ImageSize } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import type { Review } from "@emporium/contracts/emporium/reviews/v1/reviews_pb";
import type { GraphQLResolveInfo } from "graphql";
import { answerOf, AppError, notFound, selectionMask } from "@emporium/platform";
import { connectionOf } from "../composition/page-cursor";
import { listProducts, type ListingArgs } from "../composition/product-listing";
import { dateOf, moneyOf } from "../composition/proto-values";
import { keyed, PRODUCT_CARD_FIELDS, PRODUCT_PAGE_FIELDS, REVIEW_FIELDS } from "../composition/read-masks";
import type { WebContext } from "./web-context";

/** Listing, product page and the product card that listings, carts, orders and notifications show. */
export const productResolvers = {
  Query: {
    async products(_: unknown, args: ListingArgs, ctx: WebContext, info: GraphQLResolveInfo) {
      const mask = selectionMask(info, PRODUCT_CARD_FIELDS, { under: "edges.node" });
      const facets = selectionMask(info, { facets: "facets" }).paths.length > 0;
      const listing = await listProducts(ctx.services.asBff.catalog, args, { mask, facets });
      return { ...listing.connection, facets: listing.facets };
    },
    async product(_: unknown, args: { id: string }, ctx: WebContext, info: GraphQLResolveInfo) {
      const product = await ctx.loaders.products(selectionMask(info, PRODUCT_PAGE_FIELDS)).load(args.id);
      if (!product) throw notFound("product", args.id);
      return product;
    },
    async categories(_: unknown, _args: unknown, ctx: WebContext) {
      const { categories } = await answerOf(ctx.services.asBff.catalog.listCategories({}));
      return categories;
    },
  },
  ProductCard: {
    category: categoryOf,
    fromPrice: (p: Product) => (p.lowestPrice ? moneyOf(p.lowestPrice) : priceRange(p).min),
    image: (p: Product, args: { size: keyof typeof ImageSize }) =>
      p.images[0] ? imageIn(p.images[0], args.size) : null,
    rating,
    async inStock(p: Product, _: unknown, ctx: WebContext) {
      const stock = (await ctx.loaders.availability.loadMany(p.skus.map((s) => s.id))).map(orThrow);
      const known = stock.filter((s) => s !== null);
      return known.length === 0 ? null : known.some((s) => s.available > 0n);
    },
  },
  Product: {
    category: categoryOf,
    priceRange,
    images: (p: Product, args: { size: keyof typeof ImageSize }) =>
      p.images.flatMap((i) => imageIn(i, args.size) ?? []),
    rating,
    async availability(p: Product, _: unknown, ctx: WebContext) {
      const stock = (await ctx.loaders.availability.loadMany(p.skus.map((s) => s.id))).map(orThrow);
      const known = stock.filter((s) => s !== null);
      if (known.length === 0) return null;
      const quantity = known.reduce((sum, s) => sum + s.available, 0n);
      return { inStock: quantity > 0n, quantity: Number(quantity) };
    },
    async reviews(
      p: Product,
      args: { first: number; after?: string | null },
      ctx: WebContext,
      info: GraphQLResolveInfo,
    ) {
      const readMask = keyed(selectionMask(info, REVIEW_FIELDS, { under: "edges.node" }));
      const { connection } = await connectionOf<Review, { items: Review[]; nextPageToken: string }>(
        args.first,
        args.after,
        async (pageToken, pageSize) => {
          const answer = await answerOf(
            ctx.services.asBff.reviews.listProductReviews({ productId: p.id, pageSize, pageToken, readMask }),
            { page_token: "after" },
          );
          return { items: answer.reviews, nextPageToken: answer.nextPageToken };
        },
      );
      return connection;
    },
  },
  Sku: {
    price: (s: Sku) => (s.price ? moneyOf(s.price) : null),
    attributes: (s: Sku) =>
      Object.entries(s.attributes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
    async available(s: Sku, _: unknown, ctx: WebContext) {
      const stock = await ctx.loaders.availability.load(s.id);
      return stock ? Number(stock.available) : null;
    },
  },
  Review: {
    createdAt: (r: Review) => dateOf(r.createTime),
    async authorName(r: Review, _: unknown, ctx: WebContext) {
      const author = await ctx.loaders.authors.load(r.authorId);
      return author?.displayName ?? null;
    },
  },
};

async function categoryOf(p: Product, _: unknown, ctx: WebContext) {
  const category = await ctx.loaders.categories.load(p.categoryId);
  if (!category) throw new AppError("NOT_FOUND", `category ${JSON.stringify(p.categoryId)} does not exist`);
  return category;
}

function priceRange(p: Product) {
  const prices = p.skus.flatMap((s) => (s.price ? [moneyOf(s.price)] : []));
  if (prices.length === 0) throw new AppError("NOT_FOUND", `product ${JSON.stringify(p.id)} has no price`);
  const sorted = [...prices].sort((a, b) =>
    a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0,
  );
  return { min: sorted[0], max: sorted.at(-1) };
}

async function rating(p: Product, _: unknown, ctx: WebContext) {
  const summary = await ctx.loaders.ratings.load(p.id);
  if (!summary || summary.count === 0n) return null;
  return { average: Math.round(summary.average * 100) / 100, count: Number(summary.count) };
}

/** The image at the size asked for (each image has every size). */
function imageIn(image: Image, size: keyof typeof ImageSize) {
  const variant = image.variants.find((v) => v.size === ImageSize[size]) ?? image.variants.at(-1);
  if (!variant) return null;
  return { url: variant.url, width: variant.width, alt: image.altText };
}

function orThrow<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

import { ProductSort } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import type { Product } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { connectionLimit, selectionMask } from "@emporium/platform";
import type { GraphQLResolveInfo } from "graphql";
import { mask } from "../../composition/loaders";
import { anyInStock, IMAGE_URLS, lowestPrice, mainImageUrl, type ImageSizeName } from "../../composition/product-views";
import { callsAs, type MobileContext } from "../context";

/** The home screen shows a few cards, never a page of a listing. */
export const MAX_HOME_PRODUCTS = 20;

interface HomeArgs {
  categoryId?: string | null;
  first: number;
}

/** ProductCard's fields as the Product fields they need (the catalog's read mask). */
const CARD_FIELDS = {
  id: "id",
  name: "name",
  price: "lowest_price",
  imageUrl: IMAGE_URLS,
  inStock: "skus.id",
};

export const homeScreenResolvers = {
  Query: {
    homeScreen(_: unknown, args: HomeArgs): HomeArgs {
      return { ...args, first: connectionLimit(args.first, "first", MAX_HOME_PRODUCTS) };
    },
  },
  HomeScreen: {
    async categories(_: HomeArgs, __: unknown, ctx: MobileContext) {
      return (await ctx.clients.service.catalog.listCategories({})).categories;
    },
    async products(home: HomeArgs, _: unknown, ctx: MobileContext, info: GraphQLResolveInfo) {
      const readMask = selectionMask(info, CARD_FIELDS);
      readMask.paths = [...new Set(["id", ...readMask.paths])];
      const res = await ctx.clients.service.catalog.listProducts({
        pageSize: home.first,
        categoryId: home.categoryId ?? "",
        sort: ProductSort.NEWEST,
        readMask,
      });
      return res.products;
    },
    /** The badges are the signed-in person's: null for a guest. */
    badges: (_: HomeArgs, __: unknown, ctx: MobileContext) => (ctx.principal ? {} : null),
  },
  Badges: {
    async unreadNotifications(_: unknown, __: unknown, ctx: MobileContext) {
      const readMask = mask("id", "read_time");
      const res = await callsAs(ctx, "customer", "admin").notifications.listNotifications({ pageSize: 100, readMask });
      return res.notifications.filter((n) => !n.readTime).length;
    },
    async cartItems(_: unknown, __: unknown, ctx: MobileContext) {
      const res = await callsAs(ctx, "customer", "admin").carts.getCart({ readMask: mask("item_count") });
      return res.cart?.itemCount ?? 0;
    },
  },
  ProductCard: {
    price: (p: Product) => lowestPrice(p),
    imageUrl: (p: Product, args: { size: ImageSizeName }) => mainImageUrl(p.images, args.size),
    inStock: (p: Product, _: unknown, ctx: MobileContext) =>
      anyInStock(
        ctx.loaders,
        p.skus.map((s) => s.id),
      ),
  },
};

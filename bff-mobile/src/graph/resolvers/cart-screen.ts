import type { Cart, CartLine } from "@emporium/contracts/emporium/orders/v1/carts_pb";
import { selectionMask } from "@emporium/platform";
import type { GraphQLResolveInfo } from "graphql";
import { mainImageUrl, money, type ImageSizeName } from "../../composition/product-views";
import type { MobileContext } from "../context";

/** CartScreen's fields as the Cart fields they need. */
const CART_FIELDS = {
  version: "version",
  itemCount: "item_count",
  subtotal: "subtotal",
  lines: "lines",
  "lines.skuId": "lines.sku_id",
  "lines.productId": "lines.product_id",
  "lines.name": "lines.name",
  "lines.quantity": "lines.quantity",
  "lines.unitPrice": "lines.unit_price",
  "lines.lineTotal": "lines.line_total",
  // The picture comes from catalog, by the line's product.
  "lines.imageUrl": "lines.product_id",
};

interface AddToCartInput {
  cartToken?: string | null;
  skuId: string;
  quantity: number;
}

/**
 * Whose cart: a signed-in person's own (their token forwarded; orders names the cart by its
 * subject), or a guest's by its cart token (no token at all).
 */
const cartsOf = (ctx: MobileContext) =>
  ctx.principal ? ctx.clients.caller(ctx.principal).carts : ctx.clients.service.guestCarts;

export const cartScreenResolvers = {
  Query: {
    async cartScreen(_: unknown, args: { cartToken?: string | null }, ctx: MobileContext, info: GraphQLResolveInfo) {
      if (!ctx.principal && !args.cartToken) return null;
      const readMask = selectionMask(info, CART_FIELDS);
      const res = await cartsOf(ctx).getCart({ cartToken: args.cartToken ?? "", readMask });
      return res.cart ?? null;
    },
  },
  Mutation: {
    async addToCart(_: unknown, args: { input: AddToCartInput }, ctx: MobileContext) {
      const { cartToken, skuId, quantity } = args.input;
      const res = await cartsOf(ctx).addCartLine({ cartToken: cartToken ?? "", skuId, quantity });
      return { cartToken: res.cartToken || null, cart: res.cart };
    },
  },
  CartScreen: {
    version: (c: Cart) => c.version.toString(),
    subtotal: (c: Cart) => money(c.subtotal),
  },
  CartItem: {
    unitPrice: (l: CartLine) => money(l.unitPrice),
    lineTotal: (l: CartLine) => money(l.lineTotal),
    async imageUrl(l: CartLine, args: { size: ImageSizeName }, ctx: MobileContext) {
      return mainImageUrl((await ctx.loaders.productImages.load(l.productId))?.images, args.size);
    },
  },
};

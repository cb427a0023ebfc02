import type { Cart, CartLine } from "@emporium/contracts/emporium/orders/v1/carts_pb";
import type { GraphQLResolveInfo } from "graphql";
import { answerOf, selectionMask } from "@emporium/platform";
import { moneyOf } from "../composition/proto-values";
import { CART_FIELDS, keyed, PRODUCT_CARD_FIELDS } from "../composition/read-masks";
import type { WebContext } from "./web-context";

type LineInput = { cartToken?: string | null; skuId: string; quantity: number };

/**
 * A signed-in person's cart is theirs by their token (forwarded); a guest's is reached by its cart
 * token alone, so the BFF calls without a token for a guest.
 */
const cartsOf = (ctx: WebContext) => (ctx.principal ? ctx.asCaller().carts : ctx.services.guestCarts);

export const cartResolvers = {
  Query: {
    async cart(_: unknown, args: { cartToken?: string | null }, ctx: WebContext, info: GraphQLResolveInfo) {
      if (!ctx.principal && !args.cartToken) return null;
      const readMask = keyed(selectionMask(info, CART_FIELDS));
      const { cart } = await answerOf(cartsOf(ctx).getCart({ cartToken: args.cartToken ?? "", readMask }));
      return cart ?? null;
    },
  },
  Mutation: {
    async addCartLine(_: unknown, { input }: { input: LineInput }, ctx: WebContext) {
      const answer = await answerOf(cartsOf(ctx).addCartLine({ ...input, cartToken: input.cartToken ?? "" }));
      return { cart: answer.cart, cartToken: answer.cartToken || null };
    },
    async updateCartLine(_: unknown, { input }: { input: LineInput }, ctx: WebContext) {
      const answer = await answerOf(cartsOf(ctx).updateCartLine({ ...input, cartToken: input.cartToken ?? "" }));
      return answer.cart;
    },
    async removeCartLine(_: unknown, { input }: { input: Omit<LineInput, "quantity"> }, ctx: WebContext) {
      const answer = await answerOf(cartsOf(ctx).removeCartLine({ ...input, cartToken: input.cartToken ?? "" }));
      return answer.cart;
    },
    async mergeGuestCart(_: unknown, { input }: { input: { cartToken: string } }, ctx: WebContext) {
      const answer = await answerOf(ctx.asCaller().carts.mergeGuestCart(input));
      return answer.cart;
    },
  },
  Cart: {
    version: (c: Cart) => c.version.toString(),
    subtotal: (c: Cart) => (c.subtotal ? moneyOf(c.subtotal) : null),
  },
  CartLine: {
    unitPrice: (l: CartLine) => moneyOf(l.unitPrice!),
    lineTotal: (l: CartLine) => moneyOf(l.lineTotal!),
    product: (l: CartLine, _: unknown, ctx: WebContext, info: GraphQLResolveInfo) =>
      ctx.loaders.products(selectionMask(info, PRODUCT_CARD_FIELDS)).load(l.productId),
  },
};

import { inGraphqlPaths, moneyResolvers, validatedInput, type Principal } from "@emporium/platform";
import {
  AddCartLineRequestSchema,
  GetCartRequestSchema,
  MergeGuestCartRequestSchema,
  RemoveCartLineRequestSchema,
  UpdateCartLineRequestSchema,
} from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import { addCartLine, removeCartLine, updateCartLine } from "../application/change-cart";
import type { CartsDeps } from "../application/carts-deps";
import { getCart } from "../application/get-cart";
import { mergeGuestCart } from "../application/merge-guest-cart";
import { itemCount, lineTotal, subtotal, type Cart, type CartLine } from "../domain/cart";

export interface CartGraphContext {
  principal?: Principal;
  deps: CartsDeps;
}

type LineInput = { cartToken?: string | null; skuId: string; quantity: number };

// Every input is checked with the RPC's rules (the proto's) before anything is read or written;
// violations name GraphQL's camelCase input fields.
export const cartResolvers = {
  Query: {
    cart(_: unknown, args: { cartToken?: string | null }, ctx: CartGraphContext) {
      const req = validatedInput(GetCartRequestSchema, { cartToken: args.cartToken ?? "" });
      return getCart(ctx.deps, ctx.principal, req.cartToken || undefined).catch(inGraphqlPaths);
    },
  },
  Mutation: {
    async addCartLine(_: unknown, { input }: { input: LineInput }, ctx: CartGraphContext) {
      const req = validatedInput(AddCartLineRequestSchema, { ...input, cartToken: input.cartToken ?? "" });
      const { cart, newCartToken } = await addCartLine(ctx.deps, ctx.principal, req).catch(inGraphqlPaths);
      return { cart, cartToken: newCartToken ?? null };
    },
    updateCartLine(_: unknown, { input }: { input: LineInput }, ctx: CartGraphContext) {
      const req = validatedInput(UpdateCartLineRequestSchema, { ...input, cartToken: input.cartToken ?? "" });
      return updateCartLine(ctx.deps, ctx.principal, req).catch(inGraphqlPaths);
    },
    removeCartLine(_: unknown, { input }: { input: Omit<LineInput, "quantity"> }, ctx: CartGraphContext) {
      const req = validatedInput(RemoveCartLineRequestSchema, { ...input, cartToken: input.cartToken ?? "" });
      return removeCartLine(ctx.deps, ctx.principal, req).catch(inGraphqlPaths);
    },
    mergeGuestCart(_: unknown, { input }: { input: { cartToken: string } }, ctx: CartGraphContext) {
      const req = validatedInput(MergeGuestCartRequestSchema, input);
      return mergeGuestCart(ctx.deps, ctx.principal, req.cartToken).catch(inGraphqlPaths);
    },
  },
  Cart: {
    version: (cart: Cart) => cart.version.toString(),
    subtotal: (cart: Cart) => subtotal(cart) ?? null,
    itemCount: (cart: Cart) => itemCount(cart),
  },
  CartLine: {
    product: (line: CartLine) => ({ id: line.productId }),
    lineTotal: (line: CartLine) => lineTotal(line),
  },
  Money: moneyResolvers,
};

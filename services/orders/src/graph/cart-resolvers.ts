import {
  AppError,
  invalidArgument,
  moneyResolvers,
  validatedMessage,
  type FieldViolation,
  type Principal,
} from "@emporium/platform";
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

/** Violations name GraphQL's camelCase input fields, not the proto's snake_case ones. */
const camelPaths = (err: unknown): never => {
  if (err instanceof AppError && err.code === "INVALID_ARGUMENT") {
    const camel = (v: FieldViolation) => ({
      ...v,
      field: v.field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
    });
    throw invalidArgument(err.violations.map(camel));
  }
  throw err;
};

/** The same rules as the RPC (the proto's), checked before anything is read or written. */
const valid = <T>(check: () => T): T => {
  try {
    return check();
  } catch (err) {
    return camelPaths(err);
  }
};

type LineInput = { cartToken?: string | null; skuId: string; quantity: number };

export const cartResolvers = {
  Query: {
    cart(_: unknown, args: { cartToken?: string | null }, ctx: CartGraphContext) {
      const req = valid(() => validatedMessage(GetCartRequestSchema, { cartToken: args.cartToken ?? "" }));
      return getCart(ctx.deps, ctx.principal, req.cartToken || undefined).catch(camelPaths);
    },
  },
  Mutation: {
    async addCartLine(_: unknown, { input }: { input: LineInput }, ctx: CartGraphContext) {
      const req = valid(() =>
        validatedMessage(AddCartLineRequestSchema, { ...input, cartToken: input.cartToken ?? "" }),
      );
      const { cart, newCartToken } = await addCartLine(ctx.deps, ctx.principal, req).catch(camelPaths);
      return { cart, cartToken: newCartToken ?? null };
    },
    updateCartLine(_: unknown, { input }: { input: LineInput }, ctx: CartGraphContext) {
      const req = valid(() =>
        validatedMessage(UpdateCartLineRequestSchema, { ...input, cartToken: input.cartToken ?? "" }),
      );
      return updateCartLine(ctx.deps, ctx.principal, req).catch(camelPaths);
    },
    removeCartLine(_: unknown, { input }: { input: Omit<LineInput, "quantity"> }, ctx: CartGraphContext) {
      const req = valid(() =>
        validatedMessage(RemoveCartLineRequestSchema, { ...input, cartToken: input.cartToken ?? "" }),
      );
      return removeCartLine(ctx.deps, ctx.principal, req).catch(camelPaths);
    },
    mergeGuestCart(_: unknown, { input }: { input: { cartToken: string } }, ctx: CartGraphContext) {
      const req = valid(() => validatedMessage(MergeGuestCartRequestSchema, input));
      return mergeGuestCart(ctx.deps, ctx.principal, req.cartToken).catch(camelPaths);
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

import { create } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { CartSchema, type Cart as CartProto } from "@emporium/contracts/emporium/orders/v1/carts_pb";
import { CartService } from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import { principalKey, readMaskOf, type Money, type RpcAdapter } from "@emporium/platform";
import { addCartLine, removeCartLine, updateCartLine } from "../application/change-cart";
import type { CartsDeps } from "../application/carts-deps";
import { getCart } from "../application/get-cart";
import { mergeGuestCart } from "../application/merge-guest-cart";
import { itemCount, lineTotal, subtotal, type Cart } from "../domain/cart";
import { cartAccess } from "./cart-access";

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });

export function cartToProto(cart: Cart): CartProto {
  const sum = subtotal(cart);
  return create(CartSchema, {
    id: cart.id,
    version: cart.version,
    lines: cart.lines.map((l) => ({
      skuId: l.skuId,
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      unitPrice: money(l.unitPrice),
      lineTotal: money(lineTotal(l)),
    })),
    ...(sum ? { subtotal: money(sum) } : {}),
    itemCount: itemCount(cart),
  });
}

/** Connect handlers: proto in, use case, proto out. An empty cart_token is no token. */
export function cartRoutes(deps: CartsDeps) {
  return (router: ConnectRouter) =>
    router.service(CartService, {
      async getCart(req, ctx) {
        const mask = readMaskOf(CartSchema, req.readMask);
        const cart = await getCart(deps, ctx.values.get(principalKey), req.cartToken || undefined, mask);
        return { cart: cart && mask.apply(cartToProto(cart)) };
      },
      async addCartLine(req, ctx) {
        const { cart, newCartToken } = await addCartLine(deps, ctx.values.get(principalKey), req);
        return { cart: cartToProto(cart), cartToken: newCartToken ?? "" };
      },
      async updateCartLine(req, ctx) {
        return { cart: cartToProto(await updateCartLine(deps, ctx.values.get(principalKey), req)) };
      },
      async removeCartLine(req, ctx) {
        return { cart: cartToProto(await removeCartLine(deps, ctx.values.get(principalKey), req)) };
      },
      async mergeGuestCart(req, ctx) {
        return { cart: cartToProto(await mergeGuestCart(deps, ctx.values.get(principalKey), req.cartToken)) };
      },
    });
}

/** The carts' Connect surface: the service, its routes and who may call each RPC. */
export const cartsRpc: RpcAdapter<CartsDeps> = {
  services: [CartService],
  routes: cartRoutes,
  access: cartAccess,
};

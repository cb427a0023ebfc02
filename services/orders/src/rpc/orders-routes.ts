import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { OrderSchema } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { principalKey, readMaskOf, REQUEST_ID_HEADER, requestIdFrom, type RpcAdapter } from "@emporium/platform";
import { cancelOrder } from "../application/cancel-order";
import type { CommandContext } from "../application/order-commands";
import { getOrder, listMyOrders, listOrdersByStatus } from "../application/order-queries";
import { placeOrder, type FieldNames } from "../application/place-order";
import { refundOrder } from "../application/refund-order";
import type { OrdersDeps } from "../application/orders-deps";
import { ordersAccess } from "./orders-access";
import { orderToProto, statusOf } from "./proto-mapping";

/** The request's id and trace context, for the metadata of the events a command appends. */
const commandContext = (ctx: HandlerContext): CommandContext => ({
  requestId: requestIdFrom(ctx.requestHeader.get(REQUEST_ID_HEADER)),
  traceparent: ctx.requestHeader.get("traceparent") ?? undefined,
});

/** PlaceOrder's fields as its proto spells them. */
const PLACE_ORDER_FIELDS: FieldNames = {
  idempotencyKey: "idempotency_key",
  cartVersion: "cart_version",
  expectedTotal: "expected_total",
  shippingAddressId: "shipping_address_id",
  shippingQuoteId: "shipping_quote_id",
  linePrice: (i) => `cart.lines[${i}].unit_price`,
};

export function ordersRoutes(deps: OrdersDeps) {
  return (router: ConnectRouter) =>
    router.service(OrdersService, {
      async placeOrder(req, ctx) {
        const input = {
          idempotencyKey: req.idempotencyKey,
          cartVersion: req.cartVersion,
          expectedTotal: { currency: req.expectedTotal!.currencyCode, amountMinor: req.expectedTotal!.amountMinor },
          shippingAddressId: req.shippingAddressId,
          paymentMethodToken: req.paymentMethodToken,
          shippingQuoteId: req.shippingQuoteId,
        };
        const principal = ctx.values.get(principalKey);
        const order = await placeOrder(deps, principal, commandContext(ctx), input, PLACE_ORDER_FIELDS);
        return { order: orderToProto(order) };
      },
      async cancelOrder(req, ctx) {
        const input = { orderId: req.orderId, reason: req.reason };
        return {
          order: orderToProto(await cancelOrder(deps, ctx.values.get(principalKey), commandContext(ctx), input)),
        };
      },
      async refundOrder(req, ctx) {
        const amount = req.amount && { currency: req.amount.currencyCode, amountMinor: req.amount.amountMinor };
        const input = { orderId: req.orderId, amount, reason: req.reason };
        return {
          order: orderToProto(await refundOrder(deps, ctx.values.get(principalKey), commandContext(ctx), input)),
        };
      },
      async getOrder(req, ctx) {
        const mask = readMaskOf(OrderSchema, req.readMask);
        return { order: mask.apply(orderToProto(await getOrder(deps, ctx.values.get(principalKey), req.id, mask))) };
      },
      async listMyOrders(req, ctx) {
        const mask = readMaskOf(OrderSchema, req.readMask);
        const principal = ctx.values.get(principalKey);
        const page = await listMyOrders(deps, principal, req.pageSize, req.pageToken || undefined, "page_token", mask);
        return { orders: page.items.map((i) => mask.apply(orderToProto(i.order))), nextPageToken: page.nextPageToken };
      },
      async listOrdersByStatus(req, ctx) {
        const principal = ctx.values.get(principalKey);
        const page = await listOrdersByStatus(
          deps,
          principal,
          statusOf(req.status),
          req.pageSize,
          req.pageToken || undefined,
        );
        return { orders: page.items.map((i) => orderToProto(i.order)), nextPageToken: page.nextPageToken };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const ordersRpc: RpcAdapter<OrdersDeps> = {
  services: [OrdersService],
  routes: ordersRoutes,
  access: ordersAccess,
};

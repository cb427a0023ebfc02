import { OrderStatus, type Order, type OrderLine } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { DeclineReason, PaymentStatus, type Payment } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import { ServiceLevel, ShipmentStatus, type Shipment } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import type { GraphQLResolveInfo } from "graphql";
import { answerOf, selectionMask } from "@emporium/platform";
import { connectionOf } from "../composition/page-cursor";
import { dateOf, enumName, moneyOf, moneyOr } from "../composition/proto-values";
import { keyed, ORDER_FIELDS, PRODUCT_CARD_FIELDS } from "../composition/read-masks";
import type { WebContext } from "./web-context";

/** Order history and detail: orders read with the caller's token, then payment and parcel beside them. */
export const orderResolvers = {
  Query: {
    async myOrders(
      _: unknown,
      args: { first: number; after?: string | null },
      ctx: WebContext,
      info: GraphQLResolveInfo,
    ) {
      const orders = ctx.asCaller().orders;
      const readMask = keyed(selectionMask(info, ORDER_FIELDS, { under: "edges.node" }));
      const { connection } = await connectionOf<Order, { items: Order[]; nextPageToken: string }>(
        args.first,
        args.after,
        async (pageToken, pageSize) => {
          const answer = await answerOf(orders.listMyOrders({ pageSize, pageToken, readMask }), {
            page_token: "after",
          });
          return { items: answer.orders, nextPageToken: answer.nextPageToken };
        },
      );
      return connection;
    },
    async order(_: unknown, args: { id: string }, ctx: WebContext, info: GraphQLResolveInfo) {
      const request = { id: args.id, readMask: keyed(selectionMask(info, ORDER_FIELDS)) };
      const { order } = await answerOf(ctx.asCaller().orders.getOrder(request));
      return order;
    },
  },
  Order: {
    status: (o: Order) => enumName(OrderStatus, o.status),
    statusReason: (o: Order) => o.statusReason || null,
    placedAt: (o: Order) => dateOf(o.createTime),
    updatedAt: (o: Order) => dateOf(o.updateTime),
    itemCount: (o: Order) => o.lines.reduce((sum, l) => sum + Number(l.quantity), 0),
    subtotal: (o: Order) => moneyOf(o.subtotal!),
    shipping: (o: Order) => moneyOf(o.shipping!),
    total: (o: Order) => moneyOf(o.total!),
    payment: (o: Order, _: unknown, ctx: WebContext) => ctx.loaders.payments.load(o.id),
    // The order came from orders with the caller's token: it is theirs (or they are an admin).
    shipment: (o: Order, _: unknown, ctx: WebContext) => ctx.loaders.shipments.load(o),
  },
  OrderLine: {
    quantity: (l: OrderLine) => Number(l.quantity),
    unitPrice: (l: OrderLine) => moneyOf(l.unitPrice!),
    lineTotal: (l: OrderLine) => ({
      currency: l.unitPrice!.currencyCode,
      amountMinor: l.unitPrice!.amountMinor * l.quantity,
    }),
    product: (l: OrderLine, _: unknown, ctx: WebContext, info: GraphQLResolveInfo) =>
      ctx.loaders.products(selectionMask(info, PRODUCT_CARD_FIELDS)).load(l.productId),
  },
  PaymentStatusInfo: {
    status: (p: Payment) => enumName(PaymentStatus, p.status),
    charged: (p: Payment) => {
      const currency = p.authorizedAmount?.currencyCode ?? "EUR";
      const captured = moneyOr(p.capturedAmount, currency);
      return { currency, amountMinor: captured.amountMinor - moneyOr(p.refundedAmount, currency).amountMinor };
    },
    refunded: (p: Payment) => moneyOr(p.refundedAmount, p.authorizedAmount?.currencyCode ?? "EUR"),
    declineReason: (p: Payment) => enumName(DeclineReason, p.declineReason),
  },
  ShipmentInfo: {
    status: (s: Shipment) => enumName(ShipmentStatus, s.status),
    serviceLevel: (s: Shipment) => enumName(ServiceLevel, s.serviceLevel) ?? "STANDARD",
    failureReason: (s: Shipment) => s.failureReason || null,
    updatedAt: (s: Shipment) => dateOf(s.updateTime),
  },
};

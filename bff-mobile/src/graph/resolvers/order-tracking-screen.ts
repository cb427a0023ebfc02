import { timestampDate } from "@bufbuild/protobuf/wkt";
import { OrderStatus, type Order, type OrderLine } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { PaymentStatus } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import { ShipmentStatus } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { selectionMask } from "@emporium/platform";
import type { GraphQLResolveInfo } from "graphql";
import { mainImageUrl, money, type ImageSizeName } from "../../composition/product-views";
import { callsAs, type MobileContext } from "../context";

/** OrderTrackingScreen's fields as the Order fields they need. */
const ORDER_FIELDS = {
  orderId: "id",
  status: "status",
  statusReason: "status_reason",
  placedAt: "create_time",
  total: "total",
  lines: "lines",
  "lines.name": "lines.name",
  "lines.quantity": "lines.quantity",
  // The picture comes from catalog, by the line's product.
  "lines.imageUrl": "lines.product_id",
  // From payments and shipping, once orders has shown the order is the caller's.
  payment: [],
  shipment: [],
};

export const orderTrackingResolvers = {
  Query: {
    /**
     * The order is read with the caller's own token first: orders answers NOT_FOUND for anyone
     * else's. Only then are its payment and shipment read (children of this field), so shipping's
     * service-only batch read never serves an order the caller does not own.
     */
    async orderTrackingScreen(_: unknown, args: { orderId: string }, ctx: MobileContext, info: GraphQLResolveInfo) {
      const calls = callsAs(ctx, "customer", "admin");
      const readMask = selectionMask(info, ORDER_FIELDS);
      readMask.paths = [...new Set(["id", ...readMask.paths])];
      const res = await calls.orders.getOrder({ id: args.orderId, readMask });
      return res.order ?? null;
    },
  },
  OrderTrackingScreen: {
    orderId: (o: Order) => o.id,
    status: (o: Order) => OrderStatus[o.status],
    placedAt: (o: Order) => (o.createTime ? timestampDate(o.createTime) : null),
    total: (o: Order) => money(o.total),
    async payment(o: Order, _: unknown, ctx: MobileContext) {
      const payment = await ctx.loaders.payment.load(o.id);
      return payment ? PaymentStatus[payment.status] : null;
    },
    async shipment(o: Order, _: unknown, ctx: MobileContext) {
      const shipment = await ctx.loaders.shipment.load(o.id);
      if (!shipment) return null;
      const updated = shipment.updateTime ?? shipment.createTime;
      return { status: ShipmentStatus[shipment.status], updatedAt: updated ? timestampDate(updated) : null };
    },
  },
  TrackingLine: {
    quantity: (l: OrderLine) => Number(l.quantity),
    async imageUrl(l: OrderLine, args: { size: ImageSizeName }, ctx: MobileContext) {
      return mainImageUrl((await ctx.loaders.productImages.load(l.productId))?.images, args.size);
    },
  },
};

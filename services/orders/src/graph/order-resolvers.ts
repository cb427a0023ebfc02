import {
  CancelOrderRequestSchema,
  RefundOrderRequestSchema,
} from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import {
  connectionLimit,
  DateTimeScalar,
  invalidArgument,
  moneyFromInput,
  validatedInput,
  loaderById,
  moneyResolvers,
  type FieldViolation,
  type Principal,
} from "@emporium/platform";
import type DataLoader from "dataloader";
import { cancelOrder } from "../application/cancel-order";
import { placeOrder } from "../application/place-order";
import { refundOrder } from "../application/refund-order";
import { placeOrderInput, PLACE_ORDER_FIELDS, type PlaceOrderArgs } from "./place-order-input";
import {
  getOrder,
  listOrdersByStatus,
  ordersOfCustomer,
  visibleOrders,
  type OrderPage,
} from "../application/order-queries";
import type { OrdersDeps } from "../application/orders-deps";
import type { Cancellation, Order, OrderLine, OrderStatus, Refund } from "../domain/order";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  deps: OrdersDeps;
  /** The caller's visible orders by id, one query per batch (the `_entities` path). */
  orders: DataLoader<string, Order | null>;
}

export const orderGraphContext = (deps: OrdersDeps, caller: { principal?: Principal }) => ({
  deps,
  orders: loaderById((ids) => visibleOrders(deps, caller.principal, ids)),
});

const connection = (page: OrderPage) => ({
  edges: page.items.map((i) => ({ cursor: i.cursor, node: i.order })),
  pageInfo: { hasNextPage: page.nextPageToken !== "", endCursor: page.items.at(-1)?.cursor ?? null },
});

export const orderResolvers = {
  DateTime: DateTimeScalar,
  Money: moneyResolvers,
  Query: {
    order: (_: unknown, args: { id: string }, ctx: GraphContext) => getOrder(ctx.deps, ctx.principal, args.id),
    async ordersByStatus(
      _: unknown,
      args: { status: OrderStatus; first: number; after?: string | null },
      ctx: GraphContext,
    ) {
      const first = connectionLimit(args.first);
      return connection(
        await listOrdersByStatus(ctx.deps, ctx.principal, args.status, first, args.after ?? undefined, "after"),
      );
    },
  },
  Mutation: {
    placeOrder(_: unknown, args: { input: PlaceOrderArgs }, ctx: GraphContext) {
      const input = placeOrderInput(args.input);
      return placeOrder(ctx.deps, ctx.principal, { requestId: ctx.requestId }, input, PLACE_ORDER_FIELDS);
    },
    cancelOrder(_: unknown, args: { input: { orderId: string; reason?: string | null } }, ctx: GraphContext) {
      const input = validatedInput(CancelOrderRequestSchema, { ...args.input, reason: args.input.reason ?? "" });
      return cancelOrder(ctx.deps, ctx.principal, { requestId: ctx.requestId }, input);
    },
    refundOrder(
      _: unknown,
      args: {
        input: { orderId: string; amount?: { amount: string; currency: string } | null; reason?: string | null };
      },
      ctx: GraphContext,
    ) {
      const violations: FieldViolation[] = [];
      const amount = args.input.amount ? moneyFromInput(args.input.amount, "amount", violations) : undefined;
      if (violations.length) throw invalidArgument(violations);
      const input = validatedInput(RefundOrderRequestSchema, {
        orderId: args.input.orderId,
        amount,
        reason: args.input.reason ?? "",
      });
      const money = input.amount && { currency: input.amount.currencyCode, amountMinor: input.amount.amountMinor };
      return refundOrder(ctx.deps, ctx.principal, { requestId: ctx.requestId }, { ...input, amount: money });
    },
  },
  Order: {
    /** `_entities`: null for an order the caller may not see, as for one that does not exist. */
    __resolveReference: (ref: { id: string }, ctx: GraphContext) => ctx.orders.load(ref.id),
    customer: (o: Order) => ({ __typename: "Customer", id: o.customerId }),
    createdAt: (o: Order) => o.createTime,
    updatedAt: (o: Order) => o.updateTime,
    awaitedStep: (o: Order) => o.checkout.awaiting?.step ?? null,
  },
  OrderCancellation: {
    requestedAt: (c: Cancellation) => c.requestTime,
    refusal: (c: Cancellation) => c.refusal ?? null,
  },
  OrderRefund: {
    requestedAt: (r: Refund) => r.requestTime,
    requested: (r: Refund) => r.requested ?? null,
    refunded: (r: Refund) => r.refunded ?? null,
  },
  OrderLine: {
    product: (l: OrderLine) => ({ __typename: "Product", id: l.productId }),
    quantity: (l: OrderLine) => Number(l.quantity),
    lineTotal: (l: OrderLine) => ({
      currency: l.unitPrice.currency,
      amountMinor: l.unitPrice.amountMinor * l.quantity,
    }),
  },
  Customer: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    async orders(customer: { id: string }, args: { first: number; after?: string | null }, ctx: GraphContext) {
      const first = connectionLimit(args.first);
      const page = ordersOfCustomer(ctx.deps, ctx.principal, customer.id, first, args.after ?? undefined, "after");
      return page ? connection(await page) : null;
    },
  },
};

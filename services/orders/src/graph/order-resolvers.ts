import {
  connectionLimit,
  DateTimeScalar,
  invalidArgument,
  loaderById,
  moneyResolvers,
  type FieldViolation,
  type Principal,
} from "@emporium/platform";
import type DataLoader from "dataloader";
import { cancelOrder } from "../application/cancel-order";
import { placeOrder } from "../application/place-order";
import { checkPlaceOrder, PLACE_ORDER_FIELDS, type PlaceOrderArgs } from "./place-order-input";
import {
  getOrder,
  listOrdersByStatus,
  ordersOfCustomer,
  visibleOrders,
  type OrderPage,
} from "../application/order-queries";
import type { OrdersDeps } from "../application/orders-deps";
import type { Order, OrderLine, OrderStatus } from "../domain/order";

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

/** Field checks of CancelOrderInput, as the proto's for CancelOrder: nothing is written when one fails. */
function checkCancel(input: { orderId: string; reason?: string | null }): void {
  const violations: FieldViolation[] = [];
  if (input.orderId.length < 1 || input.orderId.length > 64)
    violations.push({ field: "input.orderId", ruleId: "string.len", message: "must be 1 to 64 characters" });
  if ((input.reason ?? "").length > 200)
    violations.push({ field: "input.reason", ruleId: "string.max_len", message: "must be at most 200 characters" });
  if (violations.length) throw invalidArgument(violations);
}

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
      const input = checkPlaceOrder(args.input);
      return placeOrder(ctx.deps, ctx.principal, { requestId: ctx.requestId }, input, PLACE_ORDER_FIELDS);
    },
    cancelOrder(_: unknown, args: { input: { orderId: string; reason?: string | null } }, ctx: GraphContext) {
      checkCancel(args.input);
      const input = { orderId: args.input.orderId, reason: args.input.reason ?? "" };
      return cancelOrder(ctx.deps, ctx.principal, { requestId: ctx.requestId }, input);
    },
  },
  Order: {
    /** `_entities`: null for an order the caller may not see, as for one that does not exist. */
    __resolveReference: (ref: { id: string }, ctx: GraphContext) => ctx.orders.load(ref.id),
    customer: (o: Order) => ({ __typename: "Customer", id: o.customerId }),
    createdAt: (o: Order) => o.createTime,
    updatedAt: (o: Order) => o.updateTime,
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

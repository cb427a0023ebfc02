import { connectionLimit, DateTimeScalar, type Principal } from "@emporium/platform";
import { getOrder, listMyOrders } from "../application/orders";
import type { OrdersDeps } from "../application/orders-deps";
import type { Order } from "../domain/order";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  deps: OrdersDeps;
}

export const graphContext = (deps: OrdersDeps): Omit<GraphContext, "requestId" | "principal"> => ({ deps });

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async myOrders(_: unknown, args: { first: number; after?: string | null }, ctx: GraphContext) {
      const first = connectionLimit(args.first);
      const page = await listMyOrders(ctx.deps, ctx.principal, first, args.after ?? undefined, "after");
      return {
        edges: page.items.map((i) => ({ cursor: i.cursor, node: i.order })),
        pageInfo: { hasNextPage: page.nextPageToken !== "", endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
    order: (_: unknown, args: { id: string }, ctx: GraphContext) => getOrder(ctx.deps, ctx.principal, args.id),
  },
  Order: {
    createdAt: (x: Order) => x.createTime,
  },
};

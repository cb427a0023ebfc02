import { connectionLimit, DateTimeScalar, type Principal } from "@emporium/platform";
import { getShipping, listMyShippings } from "../application/shipping";
import type { ShippingDeps } from "../application/shipping-deps";
import type { Shipping } from "../domain/shipping";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  deps: ShippingDeps;
}

export const graphContext = (deps: ShippingDeps): Omit<GraphContext, "requestId" | "principal"> => ({ deps });

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async myShippings(_: unknown, args: { first: number; after?: string | null }, ctx: GraphContext) {
      const first = connectionLimit(args.first);
      const page = await listMyShippings(ctx.deps, ctx.principal, first, args.after ?? undefined, "after");
      return {
        edges: page.items.map((i) => ({ cursor: i.cursor, node: i.shipping })),
        pageInfo: { hasNextPage: page.nextPageToken !== "", endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
    shipping: (_: unknown, args: { id: string }, ctx: GraphContext) => getShipping(ctx.deps, ctx.principal, args.id),
  },
  Shipping: {
    createdAt: (x: Shipping) => x.createTime,
  },
};

import { connectionLimit, DateTimeScalar, type Principal } from "@emporium/platform";
import { getPayment, listMyPayments } from "../application/payments";
import type { PaymentsDeps } from "../application/payments-deps";
import type { Payment } from "../domain/payment";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  deps: PaymentsDeps;
}

export const graphContext = (deps: PaymentsDeps): Omit<GraphContext, "requestId" | "principal"> => ({ deps });

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async myPayments(_: unknown, args: { first: number; after?: string | null }, ctx: GraphContext) {
      const first = connectionLimit(args.first);
      const page = await listMyPayments(ctx.deps, ctx.principal, first, args.after ?? undefined, "after");
      return {
        edges: page.items.map((i) => ({ cursor: i.cursor, node: i.payment })),
        pageInfo: { hasNextPage: page.nextPageToken !== "", endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
    payment: (_: unknown, args: { id: string }, ctx: GraphContext) => getPayment(ctx.deps, ctx.principal, args.id),
  },
  Payment: {
    createdAt: (x: Payment) => x.createTime,
  },
};

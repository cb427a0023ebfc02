import DataLoader from "dataloader";
import { connectionLimit, DateTimeScalar } from "@emporium/platform";
import { cursorOf, listProductReviews } from "../application/reviews";
import type { ReviewsDeps } from "../application/reviews-deps";
import type { RatingSummary, Review } from "../domain/review";

export interface GraphContext {
  requestId: string;
  deps: ReviewsDeps;
  firstReviews: DataLoader<string, Review[]>;
  ratings: DataLoader<string, RatingSummary>;
}

/**
 * Per request: the first reviews and the rating of any number of products cost one query each,
 * whatever the number of products the gateway asks about.
 */
export function graphContext(deps: ReviewsDeps): Omit<GraphContext, "requestId"> {
  return {
    deps,
    // Keys are "<first>|<productId>"; one query per distinct `first` in the batch.
    firstReviews: new DataLoader(
      async (keys) => {
        const byFirst = new Map<number, string[]>();
        for (const k of keys) {
          const [first, id] = [Number(k.slice(0, k.indexOf("|"))), k.slice(k.indexOf("|") + 1)];
          byFirst.set(first, [...(byFirst.get(first) ?? []), id]);
        }
        const results = new Map<string, Review[]>();
        for (const [first, ids] of byFirst) {
          const rows = await deps.reviews.firstOfProducts(ids, first);
          for (const id of ids)
            results.set(
              `${first}|${id}`,
              rows.filter((r) => r.productId === id),
            );
        }
        return keys.map((k) => results.get(k) ?? []);
      },
      { maxBatchSize: 500 },
    ),
    ratings: new DataLoader(async (ids) => deps.reviews.summaries(ids), { maxBatchSize: 500 }),
  };
}

export const resolvers = {
  DateTime: DateTimeScalar,
  Product: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    async reviews(product: { id: string }, args: { first: number; after?: string | null }, ctx: GraphContext) {
      const first = connectionLimit(args.first);
      let items: Array<{ review: Review; cursor: string }>;
      let hasNextPage: boolean;
      if (args.after) {
        const page = await listProductReviews(ctx.deps, product.id, first, args.after, "after");
        items = page.items;
        hasNextPage = page.nextPageToken !== "";
      } else {
        const rows = await ctx.firstReviews.load(`${first}|${product.id}`);
        items = rows.slice(0, first).map((review) => ({ review, cursor: cursorOf(review) }));
        hasNextPage = rows.length > first;
      }
      return {
        edges: items.map((i) => ({ cursor: i.cursor, node: i.review })),
        pageInfo: { hasNextPage, endCursor: items.at(-1)?.cursor ?? null },
      };
    },
    async rating(product: { id: string }, _: unknown, ctx: GraphContext) {
      const s = await ctx.ratings.load(product.id);
      return s.count === 0 ? null : { average: s.average, count: s.count };
    },
  },
  Review: {
    createdAt: (r: Review) => r.createTime,
    author: (r: Review) => ({ __typename: "Customer", id: r.authorId }),
  },
};

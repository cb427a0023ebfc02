import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import type { ReviewsDeps } from "./application/reviews-deps";
import { PgReviewRepository } from "./db/review-repository";
import { reviewsSubgraph } from "./graph/subgraph-schema";
import { reviewsRpc } from "./rpc/reviews-routes";

export type ReviewsApp = ServiceApp<ReviewsDeps>;

/** The reviews service's specifics; the composition is the platform's. */
export const reviewsService = defineService<ReviewsDeps>("reviews", __dirname, () => ({
  deps: (pool) => ({ reviews: new PgReviewRepository(pool), ...clockAndIds() }),
  rpc: reviewsRpc,
  subgraph: reviewsSubgraph,
}));

import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import {
  clockAndIds,
  createServiceApp,
  serviceMigrations,
  type Logger,
  type ServiceApp,
  type ServiceConfig,
} from "@emporium/platform";
import type { ReviewsDeps } from "./application/reviews-deps";
import { PgReviewRepository } from "./db/review-repository";
import { graphContext } from "./graph/resolvers";
import { reviewsSubgraphSchema } from "./graph/subgraph-schema";
import { reviewsAccess } from "./rpc/reviews-access";
import { reviewsRoutes } from "./rpc/reviews-routes";

export const reviewsMigrations = serviceMigrations(__dirname);

export type ReviewsApp = ServiceApp<ReviewsDeps>;

/** The reviews service's specifics; the composition is the platform's. */
export const buildReviewsApp = (config: ServiceConfig, logger: Logger): Promise<ReviewsApp> =>
  createServiceApp({
    name: "reviews",
    config,
    logger,
    migrations: reviewsMigrations,
    deps: (pool) => ({ reviews: new PgReviewRepository(pool), ...clockAndIds() }),
    services: [ReviewsService],
    routes: reviewsRoutes,
    subgraph: { schema: reviewsSubgraphSchema, context: graphContext },
    access: reviewsAccess,
  });

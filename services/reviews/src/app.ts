import path from "node:path";
import { uuidv7 } from "uuidv7";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import {
  createServiceApp,
  migrateServiceDatabase,
  type Logger,
  type ServiceApp,
  type ServiceConfig,
} from "@emporium/platform";
import type { ReviewsDeps } from "./application/reviews";
import { ReviewRepository } from "./db/review-repository";
import { graphContext } from "./graph/resolvers";
import { reviewsSubgraphSchema } from "./graph/subgraph-schema";
import { reviewsAccess } from "./rpc/reviews-access";
import { reviewsRoutes } from "./rpc/reviews-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

export const migrateReviewsDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrateServiceDatabase(databaseUrl, MIGRATIONS_DIR, log);

export type ReviewsApp = ServiceApp<ReviewsDeps>;

/** The reviews service's specifics; the composition is the platform's. */
export const buildReviewsApp = (config: ServiceConfig, logger: Logger): Promise<ReviewsApp> =>
  createServiceApp({
    name: "reviews",
    config,
    logger,
    migrationsDir: MIGRATIONS_DIR,
    deps: (pool) => ({ reviews: new ReviewRepository(pool), clock: () => new Date(), newId: uuidv7 }),
    services: [ReviewsService],
    routes: reviewsRoutes,
    subgraph: (deps) => ({ schema: reviewsSubgraphSchema(), context: () => graphContext(deps) }),
    access: reviewsAccess,
  });

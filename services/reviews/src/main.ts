import { runServiceMain } from "@emporium/platform";
import { reviewsService } from "./app";
import { loadReviewsConfig } from "./config";
import { seedReviews } from "./db/seed";

runServiceMain("reviews", { loadConfig: loadReviewsConfig, build: reviewsService.build, seed: seedReviews });

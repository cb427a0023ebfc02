import { runServiceMain } from "@emporium/platform";
import { buildReviewsApp } from "./app";
import { loadReviewsConfig } from "./config";
import { seedReviews } from "./db/seed";

runServiceMain("reviews", { loadConfig: loadReviewsConfig, build: buildReviewsApp, seed: seedReviews });

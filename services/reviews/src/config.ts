import { loadServiceConfig, type ServiceConfig } from "@emporium/platform";

// Ports follow the order of ARCHITECTURE.md's table (reviews is the seventh service).
export const loadReviewsConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<ServiceConfig> =>
  loadServiceConfig(
    "reviews",
    { rpcPort: 50057, httpPort: 4107, databaseUrl: "postgres://reviews@127.0.0.1:5432/reviews" },
    env,
  );

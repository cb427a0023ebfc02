import { createLogger, runService } from "@emporium/platform";
import { buildReviewsApp } from "./app";
import { loadReviewsConfig } from "./config";
import { seedReviews } from "./db/seed";

async function main() {
  const config = loadReviewsConfig();
  const logger = createLogger("reviews", config.logLevel);
  const app = await buildReviewsApp(config, logger);
  if (process.env.EMPORIUM_SEED === "1") await seedReviews(app.pool);
  await runService(app.host, logger, [app.close], config.shutdownTimeoutMs);
}

main().catch((err: Error) => {
  process.stderr.write(`reviews failed to start: ${err.message}\n`);
  process.exit(1);
});

import { createLogger, runService } from "@emporium/platform";
import { buildCatalogApp } from "./app";
import { loadCatalogConfig } from "./config";
import { seedCatalog } from "./db/seed";

async function main() {
  const config = loadCatalogConfig();
  const logger = createLogger("catalog", config.logLevel);
  const app = await buildCatalogApp(config, logger);
  if (process.env.EMPORIUM_SEED === "1") await seedCatalog(app.pool);
  await runService(app.host, logger, [app.close], config.shutdownTimeoutMs);
}

main().catch((err: Error) => {
  process.stderr.write(`catalog failed to start: ${err.message}\n`);
  process.exit(1);
});

import { createLogger, runService } from "@emporium/platform";
import { buildInventoryApp } from "./app";
import { loadInventoryConfig } from "./config";
import { seedInventory } from "./db/seed";

async function main() {
  const config = loadInventoryConfig();
  const logger = createLogger("inventory", config.logLevel);
  const app = await buildInventoryApp(config, logger);
  if (process.env.EMPORIUM_SEED === "1") await seedInventory(app.pool);
  await runService(app.host, logger, [app.close], config.shutdownTimeoutMs);
}

main().catch((err: Error) => {
  process.stderr.write(`inventory failed to start: ${err.message}\n`);
  process.exit(1);
});

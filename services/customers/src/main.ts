import { createLogger, runService } from "@emporium/platform";
import { buildCustomersApp } from "./app";
import { loadCustomersConfig } from "./config";
import { seedCustomers } from "./db/seed";

async function main() {
  const config = loadCustomersConfig();
  const logger = createLogger("customers", config.logLevel);
  const app = await buildCustomersApp(config, logger);
  if (process.env.EMPORIUM_SEED === "1") await seedCustomers(app.pool);
  await runService(app.host, logger, [app.close], config.shutdownTimeoutMs);
}

main().catch((err: Error) => {
  process.stderr.write(`customers failed to start: ${err.message}\n`);
  process.exit(1);
});

import { createLogger, runService } from "@emporium/platform";
import { buildNotificationsApp } from "./app";
import { loadNotificationsConfig } from "./config";

async function main() {
  const config = loadNotificationsConfig();
  const logger = createLogger("notifications", config.logLevel);
  const app = await buildNotificationsApp(config, logger);
  await runService(app.host, logger, [app.close], config.shutdownTimeoutMs);
}

main().catch((err: Error) => {
  process.stderr.write(`notifications failed to start: ${err.message}\n`);
  process.exit(1);
});

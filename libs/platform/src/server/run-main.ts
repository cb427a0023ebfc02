import type { Logger } from "pino";
import type { Pool } from "../db/create-pool";
import { createLogger } from "../logging/create-logger";
import type { ServiceApp } from "./create-service-app";
import { runService, type Servable } from "./run-service";

/** What a process's entry point needs from its config. */
export interface MainConfig {
  logLevel: string;
  shutdownTimeoutMs: number;
}

/**
 * A process's main.ts: config, logger, then what `start` builds, served by runService until
 * SIGTERM/SIGINT. A failure before it listens is one line on stderr and exit 1.
 */
export function runMain<Config extends MainConfig>(
  name: string,
  loadConfig: () => Config,
  start: (config: Config, logger: Logger) => Promise<Servable>,
): void {
  const main = async () => {
    const config = loadConfig();
    const logger = createLogger(name, config.logLevel);
    await runService(await start(config, logger), logger, [], config.shutdownTimeoutMs);
  };
  main().catch((err: Error) => {
    process.stderr.write(`${name} failed to start: ${err.message}\n`);
    process.exit(1);
  });
}

/** A service's main.ts: its app, seeded first when EMPORIUM_SEED=1, closed in order on a signal. */
export function runServiceMain<Config extends MainConfig, Deps>(
  name: string,
  parts: {
    loadConfig(): Config;
    build(config: Config, logger: Logger): Promise<ServiceApp<Deps>>;
    seed?(pool: Pool): Promise<unknown>;
  },
): void {
  runMain(name, parts.loadConfig, async (config, logger) => {
    const app = await parts.build(config, logger);
    if (parts.seed && process.env.EMPORIUM_SEED === "1") await parts.seed(app.pool);
    return { listen: () => app.host.listen(), close: app.close };
  });
}

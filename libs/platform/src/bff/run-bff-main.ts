import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { runMain } from "../server/run-main";
import type { BffConfig } from "./bff-config";

/**
 * A BFF's main.ts: config, logger, the app `build` makes (createBffApp), listening on the
 * configured host and port until SIGTERM/SIGINT, then drained and closed (runMain).
 */
export function runBffMain<Config extends BffConfig>(
  name: string,
  loadConfig: () => Config,
  build: (config: Config, logger: Logger) => Promise<FastifyInstance>,
): void {
  runMain(name, loadConfig, async (config, logger) => {
    const app = await build(config, logger);
    return {
      async listen() {
        await app.listen({ host: config.host, port: config.port });
        logger.info({ url: `http://${config.host}:${config.port}/graphiql` }, `${name} listening`);
      },
      close: () => app.close(),
    };
  });
}

import "./telemetry-off";
import { createLogger } from "@emporium/platform";
import { buildGateway } from "./build-gateway";
import { loadGatewayConfig } from "./config";

async function main() {
  const config = loadGatewayConfig();
  const logger = createLogger("gateway", config.logLevel);
  const app = await buildGateway(config, logger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "draining");
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    await app.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  await app.listen({ host: config.host, port: config.port });
  logger.info({ url: `http://${config.host}:${config.port}/graphiql` }, "gateway listening");
}

main().catch((err: NodeJS.ErrnoException) => {
  const hint = err.code === "EADDRINUSE" ? " (the port is taken by another process; set EMPORIUM_GATEWAY_PORT)" : "";
  process.stderr.write(`gateway failed to start: ${err.message}${hint}\n`);
  process.exit(1);
});

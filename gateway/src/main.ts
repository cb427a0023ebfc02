import "./telemetry-off";
import { runMain } from "@emporium/platform";
import { buildGateway } from "./build-gateway";
import { loadGatewayConfig } from "./config";

runMain("gateway", loadGatewayConfig, async (config, logger) => {
  const app = await buildGateway(config, logger);
  return {
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      logger.info({ url: `http://${config.host}:${config.port}/graphiql` }, "gateway listening");
    },
    close: () => app.close(),
  };
});

import type { FastifyInstance } from "fastify";
import { bffTokens, createBffApp, type Logger } from "@emporium/platform";
import type { BffMobileConfig } from "./config";
import { bffMobileGraph } from "./graph";

/** bff-mobile's server: its graph on the kit's BFF host. Does not listen (tests use inject or port 0). */
export function buildBffMobileApp(config: BffMobileConfig, logger: Logger): Promise<FastifyInstance> {
  return createBffApp({ name: "bff-mobile", config, logger, graph: bffMobileGraph(config, bffTokens(config)) });
}

import type { FastifyInstance } from "fastify";
import { bffTokens, createBffApp, type Logger } from "@emporium/platform";
import type { BffWebConfig } from "./config";
import { bffWebGraph } from "./graph";

/** bff-web's server: its graph on the kit's BFF host. Does not listen (tests use inject or port 0). */
export function buildBffWebApp(config: BffWebConfig, logger: Logger): Promise<FastifyInstance> {
  return createBffApp({ name: "bff-web", config, logger, graph: bffWebGraph(config, bffTokens(config)) });
}

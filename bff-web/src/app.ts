import type { FastifyInstance } from "fastify";
import persistedDocuments from "../persisted-documents.json";
import { bffTokens, createBffApp, startSubscriptionFeed, type Logger } from "@emporium/platform";
import type { BffWebConfig } from "./config";
import { bffWebGraph } from "./graph";

/**
 * bff-web's server: its graph on the kit's BFF host, and (with a broker URL) the instance's live feed
 * for its subscriptions, closed with the app; clients may send the SDK's operations by hash (the
 * persisted documents codegen writes). In production it still runs documents sent as text (web
 * pages and partners build their own) but logs each one the manifest lacks. Does not listen (tests
 * use inject or port 0).
 */
export async function buildBffWebApp(config: BffWebConfig, logger: Logger): Promise<FastifyInstance> {
  const liveFeed = await startSubscriptionFeed("bff-web", config, logger);
  const graph = bffWebGraph(config, bffTokens(config), liveFeed);
  const logUnknownDocuments = config.mode === "production";
  return createBffApp({ name: "bff-web", config, logger, graph, liveFeed, persistedDocuments, logUnknownDocuments });
}

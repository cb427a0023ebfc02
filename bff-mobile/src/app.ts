import type { FastifyInstance } from "fastify";
import persistedDocuments from "../persisted-documents.json";
import { bffTokens, createBffApp, startSubscriptionFeed, type Logger } from "@emporium/platform";
import type { BffMobileConfig } from "./config";
import { bffMobileGraph } from "./graph";

/**
 * bff-mobile's server: its graph on the kit's BFF host, and (with a broker URL) the instance's live
 * feed for its subscriptions, closed with the app; clients may send the SDK's operations by hash
 * (the persisted documents codegen writes). In production it runs those documents only (trusted
 * documents): the app ships with them, so anything else is not the app. Does not listen (tests use
 * inject or port 0).
 */
export async function buildBffMobileApp(config: BffMobileConfig, logger: Logger): Promise<FastifyInstance> {
  const liveFeed = await startSubscriptionFeed("bff-mobile", config, logger);
  const graph = bffMobileGraph(config, bffTokens(config), liveFeed);
  const persistedOnly = config.mode === "production";
  return createBffApp({ name: "bff-mobile", config, logger, graph, liveFeed, persistedDocuments, persistedOnly });
}

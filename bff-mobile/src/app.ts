import type { FastifyInstance } from "fastify";
import { bffTokens, createBffApp, startSubscriptionFeed, type Logger } from "@emporium/platform";
import type { BffMobileConfig } from "./config";
import { bffMobileGraph } from "./graph";
import persistedDocuments from "../persisted-documents.json";

/**
 * bff-mobile's server: its graph on the kit's BFF host, and (with a broker URL) the instance's live
 * feed for its subscriptions, closed with the app. Does not listen (tests use inject or port 0).
 */
export async function buildBffMobileApp(config: BffMobileConfig, logger: Logger): Promise<FastifyInstance> {
  const liveFeed = await startSubscriptionFeed("bff-mobile", config, logger);
  const graph = bffMobileGraph(config, bffTokens(config), liveFeed);
  const app = await createBffApp({ name: "bff-mobile", config, logger, graph, persistedDocuments });
  if (liveFeed) app.addHook("onClose", () => liveFeed.close());
  return app;
}

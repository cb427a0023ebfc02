import type { FastifyInstance } from "fastify";
import { bffTokens, createBffApp, startSubscriptionFeed, type Logger } from "@emporium/platform";
import type { BffWebConfig } from "./config";
import { bffWebGraph } from "./graph";
import persistedDocuments from "../persisted-documents.json";

/**
 * bff-web's server: its graph on the kit's BFF host, and (with a broker URL) the instance's live feed
 * for its subscriptions, closed with the app. Does not listen (tests use inject or port 0).
 */
export async function buildBffWebApp(config: BffWebConfig, logger: Logger): Promise<FastifyInstance> {
  const liveFeed = await startSubscriptionFeed("bff-web", config, logger);
  const graph = bffWebGraph(config, bffTokens(config), liveFeed);
  const app = await createBffApp({ name: "bff-web", config, logger, graph, persistedDocuments });
  if (liveFeed) app.addHook("onClose", () => liveFeed.close());
  return app;
}

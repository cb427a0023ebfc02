import { readFileSync } from "node:fs";
import path from "node:path";
import type { BffConfig, BffGraph, LiveFeed, TokenSource } from "@emporium/platform";
import { mobileClients } from "../composition/clients";
import { mobileLoaders } from "../composition/loaders";
import type { MobileContext } from "./context";
import { mobileExamples } from "./examples";
import { mobileResolvers } from "./resolvers";
import { liveUpdateResolvers } from "./resolvers/live-updates";

/** The SDL file is the source of truth for the mobile clients' schema. */
export const mobileSchema = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

/**
 * bff-mobile's graph: the screens' schema, their resolvers, and per request the verified caller and
 * fresh DataLoaders over clients made once (bff-mobile's own token for public reads, the caller's
 * token for their own data). The subscriptions follow `feed`, the instance's live feed.
 */
export function bffMobileGraph(config: BffConfig, tokens: TokenSource, feed?: LiveFeed): BffGraph<MobileContext> {
  const clients = mobileClients(config, tokens);
  return {
    schema: mobileSchema,
    resolvers: { ...mobileResolvers, ...liveUpdateResolvers(clients, feed) } as never,
    context: (request) => ({
      requestId: request.requestId,
      principal: request.principal,
      clients,
      loaders: mobileLoaders(clients, request.principal),
    }),
    examples: mobileExamples,
  };
}

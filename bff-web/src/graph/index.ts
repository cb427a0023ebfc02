import { readFileSync } from "node:fs";
import path from "node:path";
import {
  DateTimeScalar,
  moneyResolvers,
  type BffConfig,
  type BffGraph,
  type LiveFeed,
  type TokenSource,
} from "@emporium/platform";
import { webServices } from "../composition/web-services";
import { accountResolvers } from "./account-resolvers";
import { cartResolvers } from "./cart-resolvers";
import { checkoutResolvers } from "./checkout-resolvers";
import { bffWebExamples } from "./examples";
import { webSubscriptionResolvers } from "./live-resolvers";
import { notificationResolvers } from "./notification-resolvers";
import { orderResolvers } from "./order-resolvers";
import { productResolvers } from "./product-resolvers";
import { webContext, type WebContext } from "./web-context";

export const bffWebSchema = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

const byScreen = [
  productResolvers,
  cartResolvers,
  checkoutResolvers,
  orderResolvers,
  accountResolvers,
  notificationResolvers,
];

/** The resolvers of every screen as one map (each screen's file holds its own Query and Mutation fields). */
export const bffWebResolvers = Object.assign({ DateTime: DateTimeScalar, Money: moneyResolvers }, ...byScreen, {
  Query: Object.assign({}, ...byScreen.map((r) => ("Query" in r ? r.Query : {}))),
  Mutation: Object.assign({}, ...byScreen.map((r) => ("Mutation" in r ? r.Mutation : {}))),
}) as Record<string, unknown>;

/**
 * bff-web's graph: the web shop's screens composed from the services over Connect. Public reads go
 * as bff-web itself (client credentials, `tokens`); a person's data with their own token; every
 * call with the deadline `callTimeoutMs`. The subscriptions follow `feed`, the instance's live feed.
 */
export function bffWebGraph(config: BffConfig, tokens: TokenSource, feed?: LiveFeed): BffGraph<WebContext> {
  const services = webServices(config, tokens);
  const resolvers = { ...bffWebResolvers, Subscription: webSubscriptionResolvers(services, feed) };
  return {
    schema: bffWebSchema,
    resolvers: resolvers as BffGraph["resolvers"],
    context: (request) => webContext(services, request),
    examples: bffWebExamples,
  };
}

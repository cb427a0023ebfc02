import { type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import type { IResolvers } from "mercurius";

/** One Subscription field's resolvers: `subscribe` gives the stream; `resolve` maps each item (default: the item). */
export interface SubscriptionFieldResolvers {
  subscribe: GraphQLFieldResolver<unknown, unknown>;
  resolve?: GraphQLFieldResolver<unknown, unknown>;
}

/**
 * Splits the graph's resolvers: mercurius gets everything but `Subscription` (with its own subscription
 * support off it would take `{ subscribe, resolve }` for a plain resolver), the kit attaches those.
 */
export function splitSubscriptionResolvers(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mercurius types resolvers loosely
  resolvers: IResolvers<any, any>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): { http: IResolvers<any, any>; subscription: Readonly<Record<string, SubscriptionFieldResolvers>> } {
  const { Subscription: subscription = {}, ...http } = resolvers;
  return { http, subscription: subscription as Record<string, SubscriptionFieldResolvers> };
}

/** Puts each Subscription field's `subscribe` and `resolve` on the executable schema, as graphql-js runs them. */
export function attachSubscriptionResolvers(
  schema: GraphQLSchema,
  resolvers: Readonly<Record<string, SubscriptionFieldResolvers>>,
): void {
  const names = Object.keys(resolvers);
  if (names.length === 0) return;
  const type = schema.getSubscriptionType();
  if (!type || type.name !== "Subscription")
    throw new Error("resolvers for Subscription, but the schema has no `type Subscription`");
  const fields = type.getFields();
  for (const name of names) {
    const field = fields[name];
    const own = resolvers[name]!;
    if (!field) throw new Error(`Cannot find field ${name} of type Subscription`);
    if (typeof own.subscribe !== "function") throw new Error(`Subscription.${name} needs { subscribe, resolve? }`);
    field.subscribe = own.subscribe;
    field.resolve = own.resolve ?? ((item) => item);
  }
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { Principal, SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { CartsDeps } from "../application/carts-deps";
import type { OrdersDeps } from "../application/orders-deps";
import { cartResolvers } from "./cart-resolvers";
import { orderGraphContext, orderResolvers } from "./order-resolvers";

export const ordersTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const ordersSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(ordersTypeDefs), resolvers: allResolvers as never }]);

/** Orders' and carts' resolvers, kept in files of their own, as one map. */
const allResolvers = {
  ...orderResolvers,
  ...cartResolvers,
  Query: { ...orderResolvers.Query, ...cartResolvers.Query },
  Mutation: { ...orderResolvers.Mutation, ...cartResolvers.Mutation },
};

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const ordersSubgraph: SubgraphAdapter<OrdersDeps & CartsDeps> = {
  schema: ordersSubgraphSchema,
  context: (deps, caller: { principal?: Principal }) => orderGraphContext(deps, caller),
};

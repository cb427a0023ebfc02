import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { OrdersDeps } from "../application/orders-deps";
import { graphContext, resolvers } from "./resolvers";

export const ordersTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const ordersSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(ordersTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const ordersSubgraph: SubgraphAdapter<OrdersDeps> = { schema: ordersSubgraphSchema, context: graphContext };

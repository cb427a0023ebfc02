import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { ShippingDeps } from "../application/shipping-deps";
import { graphContext, resolvers } from "./resolvers";

export const shippingTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const shippingSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(shippingTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const shippingSubgraph: SubgraphAdapter<ShippingDeps> = {
  schema: shippingSubgraphSchema,
  context: graphContext,
};

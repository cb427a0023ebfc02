import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { CustomersDeps } from "../application/customers-deps";
import { graphContext, resolvers } from "./resolvers";

export const customersTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const customersSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(customersTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const customersSubgraph: SubgraphAdapter<CustomersDeps> = {
  schema: customersSubgraphSchema,
  context: graphContext,
};

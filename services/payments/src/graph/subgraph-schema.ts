import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { PaymentsDeps } from "../application/payments-deps";
import { graphContext, resolvers } from "./resolvers";

export const paymentsTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const paymentsSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(paymentsTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const paymentsSubgraph: SubgraphAdapter<PaymentsDeps> = {
  schema: paymentsSubgraphSchema,
  context: graphContext,
};

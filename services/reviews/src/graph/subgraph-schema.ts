import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { ReviewsDeps } from "../application/reviews-deps";
import { graphContext, resolvers } from "./resolvers";

export const reviewsTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const reviewsSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(reviewsTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const reviewsSubgraph: SubgraphAdapter<ReviewsDeps> = { schema: reviewsSubgraphSchema, context: graphContext };

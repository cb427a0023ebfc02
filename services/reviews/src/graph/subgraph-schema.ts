import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { resolvers } from "./resolvers";

export const reviewsTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const reviewsSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(reviewsTypeDefs), resolvers: resolvers as never }]);

import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { resolvers } from "./resolvers";

/** The SDL file is the source of truth; the supergraph is composed from it (gateway:compose). */
export const catalogTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const catalogSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(catalogTypeDefs), resolvers: resolvers as never }]);

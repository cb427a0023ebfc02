import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { resolvers } from "./resolvers";

export const customersTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const customersSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(customersTypeDefs), resolvers: resolvers as never }]);

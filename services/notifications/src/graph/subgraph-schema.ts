import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { resolvers } from "./resolvers";

export const notificationsTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const notificationsSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(notificationsTypeDefs), resolvers: resolvers as never }]);

import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { NotificationsDeps } from "../application/notifications-deps";
import { graphContext, resolvers } from "./resolvers";

export const notificationsTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const notificationsSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(notificationsTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const notificationsSubgraph: SubgraphAdapter<NotificationsDeps> = {
  schema: notificationsSubgraphSchema,
  context: graphContext,
};

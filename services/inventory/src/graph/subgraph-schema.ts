import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { InventoryDeps } from "../application/inventory-deps";
import { graphContext, resolvers } from "./resolvers";

export const inventoryTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const inventorySubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(inventoryTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const inventorySubgraph: SubgraphAdapter<InventoryDeps> = {
  schema: inventorySubgraphSchema,
  context: graphContext,
};

import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { SubgraphAdapter } from "@emporium/platform";
import { parse } from "graphql";
import type { CatalogDeps } from "../application/catalog-deps";
import { graphContext } from "./graph-context";
import { resolvers } from "./resolvers";

/** The SDL file is the source of truth; the supergraph is composed from it (gateway:compose). */
export const catalogTypeDefs = readFileSync(path.join(__dirname, "schema.graphql"), "utf8");

export const catalogSubgraphSchema = () =>
  buildSubgraphSchema([{ typeDefs: parse(catalogTypeDefs), resolvers: resolvers as never }]);

/** The subgraph the kit serves on /graphql: the schema, and the context of each request. */
export const catalogSubgraph: SubgraphAdapter<CatalogDeps> = { schema: catalogSubgraphSchema, context: graphContext };

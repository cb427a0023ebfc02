import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import type { CatalogDeps } from "./application/catalog-deps";
import { PgProductRepository } from "./db/product-repository";
import { catalogSubgraph } from "./graph/subgraph-schema";
import { catalogRpc } from "./rpc/catalog-routes";

export type CatalogApp = ServiceApp<CatalogDeps>;

/** The catalog's specifics; the composition is the platform's. Does not listen (tests build it). */
export const catalogService = defineService<CatalogDeps>("catalog", __dirname, () => ({
  deps: (pool) => ({ products: new PgProductRepository(pool), ...clockAndIds() }),
  rpc: catalogRpc,
  subgraph: catalogSubgraph,
}));

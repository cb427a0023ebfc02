import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import type { CatalogDeps } from "./application/catalog-deps";
import type { CatalogConfig } from "./config";
import { PgProductRepository } from "./db/product-repository";
import { CatalogReadMetrics } from "./db/read-metrics";
import { CONSUMER, stockSubscriptions } from "./events/stock-subscriptions";
import { catalogSubgraph } from "./graph/subgraph-schema";
import { catalogRpc } from "./rpc/catalog-routes";

/** The use cases' deps, plus what the reads loaded (`catalog_loads_total`), for tests and operators. */
export interface CatalogAppDeps extends CatalogDeps {
  reads: CatalogReadMetrics;
}

export type CatalogApp = ServiceApp<CatalogAppDeps>;

/** The catalog's specifics; the composition is the platform's. Does not listen (tests build it). */
export const catalogService = defineService<CatalogAppDeps, CatalogConfig>("catalog", __dirname, (config) => ({
  deps: (pool, _logger, registry) => {
    const reads = new CatalogReadMetrics(registry);
    return {
      products: new PgProductRepository(pool, reads),
      reads,
      imageBaseUrl: config.imageBaseUrl,
      ...clockAndIds(),
    };
  },
  rpc: catalogRpc,
  subgraph: catalogSubgraph,
  // Inventory's stock events feed the in-stock projection; without a broker URL nothing is consumed
  // and the projection keeps its seeded state.
  messaging: (deps) => ({ consumers: [{ consumer: CONSUMER, subscriptions: stockSubscriptions(deps) }] }),
}));

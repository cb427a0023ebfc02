import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import type { ShippingDeps } from "./application/shipping-deps";
import { PgShippingRepository } from "./db/shipping-repository";
import { shippingSubgraph } from "./graph/subgraph-schema";
import { shippingRpc } from "./rpc/shipping-routes";

export type ShippingApp = ServiceApp<ShippingDeps>;

/** The shipping service's specifics; the composition is the platform's. */
export const shippingService = defineService<ShippingDeps>("shipping", __dirname, () => ({
  deps: (pool) => ({ shippings: new PgShippingRepository(pool), ...clockAndIds() }),
  rpc: shippingRpc,
  subgraph: shippingSubgraph,
}));

import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import type { OrdersDeps } from "./application/orders-deps";
import { PgOrderRepository } from "./db/order-repository";
import { ordersSubgraph } from "./graph/subgraph-schema";
import { ordersRpc } from "./rpc/orders-routes";

export type OrdersApp = ServiceApp<OrdersDeps>;

/** The orders service's specifics; the composition is the platform's. */
export const ordersService = defineService<OrdersDeps>("orders", __dirname, () => ({
  deps: (pool) => ({ orders: new PgOrderRepository(pool), ...clockAndIds() }),
  rpc: ordersRpc,
  subgraph: ordersSubgraph,
}));

import { clockAndIds, defineService, serviceTokens, type RpcAdapter, type ServiceApp } from "@emporium/platform";
import type { CartsDeps } from "./application/carts-deps";
import { deadlineWorker } from "./application/checkout-progress";
import { projectionWorker } from "./application/order-projection-worker";
import type { OrdersDeps } from "./application/orders-deps";
import { ConnectCatalogPrices } from "./clients/catalog-prices";
import { ConnectCustomerAddresses } from "./clients/customer-addresses";
import { ConnectShippingQuotes } from "./clients/shipping-quotes";
import type { OrdersConfig } from "./config";
import { PgCartRepository } from "./db/cart-repository";
import { PgOrderProjection } from "./db/pg-order-projection";
import { PgOrderStore } from "./db/pg-order-store";
import { PgOrderViews } from "./db/pg-order-views";
import { checkoutSubscriptions, CONSUMER } from "./events/checkout-replies";
import { ordersSubgraph } from "./graph/subgraph-schema";
import { cartsRpc } from "./rpc/cart-routes";
import { ordersRpc } from "./rpc/orders-routes";

/** Everything orders' use cases need: the orders' ports and the carts'. */
export type OrdersServiceDeps = OrdersDeps & CartsDeps;
export type OrdersApp = ServiceApp<OrdersServiceDeps>;

/** Both Connect services on one server: OrdersService and CartService. */
const rpc: RpcAdapter<OrdersServiceDeps> = {
  services: [...ordersRpc.services, ...cartsRpc.services],
  routes: (deps) => (router) => (ordersRpc.routes(deps)(router), cartsRpc.routes(deps)(router)),
  access: { ...ordersRpc.access, ...cartsRpc.access },
};

/** The orders service's specifics; the composition is the platform's. */
export const ordersService = defineService<OrdersServiceDeps, OrdersConfig>("orders", __dirname, (config, logger) => {
  // Carts: prices from catalog, called as this service with its own client-credentials token.
  const catalogPrices = ConnectCatalogPrices.over(config.catalogRpcUrl, serviceTokens(config));
  // Orders: the caller's address from customers, read with the caller's own token.
  const addresses = ConnectCustomerAddresses.over(config.customersRpcUrl);
  // Orders: the quote that prices the shipping, from shipping, read as this service.
  const shippingQuotes = ConnectShippingQuotes.over(config.shippingRpcUrl, serviceTokens(config));
  return {
    deps: (pool, _logger, _registry, faults) => ({
      // Orders: the event store, its read models and their projection.
      orders: new PgOrderStore(pool, config.snapshotEvery),
      views: new PgOrderViews(pool),
      projection: new PgOrderProjection(pool),
      readYourWritesTimeoutMs: config.readYourWritesTimeoutMs,
      checkout: { stepTimeoutMs: config.sagaStepTimeoutMs, reservationMarginMs: config.sagaReservationMarginMs },
      addresses,
      shippingQuotes,
      carts: new PgCartRepository(pool),
      catalogPrices,
      // The saga's named steps, where `fault.crash-at-step` can end the process (development only).
      steps: faults,
      ...clockAndIds(),
    }),
    rpc,
    subgraph: ordersSubgraph,
    // The checkout saga hears its participants' replies and the parcels' progress on its own queue.
    messaging: (deps) => ({
      consumers: [{ consumer: CONSUMER, subscriptions: checkoutSubscriptions(deps, config.snapshotEvery) }],
    }),
    // The order read models follow the event store; steps whose deadline passed are timed out.
    workers: (deps) => [
      projectionWorker(deps, config.projectionIntervalMs, logger),
      deadlineWorker(deps, config.sagaDeadlineIntervalMs, logger),
    ],
  };
});

import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { defaultRpcUrl, rpcUrlVariable, serviceDefaults } from "@emporium/registry";
import { z } from "zod";

/** Orders' settings: every service's, where the services it calls listen, and the event store's. */
export interface OrdersConfig extends ServiceConfig {
  /** Catalog's RPC port, for prices (EMPORIUM_CATALOG_RPC_URL). */
  catalogRpcUrl: string;
  /** Customers' RPC port, for the caller's addresses (EMPORIUM_CUSTOMERS_RPC_URL). */
  customersRpcUrl: string;
  /** Shipping's RPC port, for the quote that prices an order's shipping (EMPORIUM_SHIPPING_RPC_URL). */
  shippingRpcUrl: string;
  /** A snapshot of an order is taken each time its stream passes a multiple of this many events. */
  snapshotEvery: number;
  /** How often the projection looks for new events when it has caught up. */
  projectionIntervalMs: number;
  /** How long a command waits for the read models to show its write (read-your-writes). */
  readYourWritesTimeoutMs: number;
  /** How long the checkout saga waits for a step's reply before it gives up on it (or sends a compensation again). */
  sagaStepTimeoutMs: number;
  /** How much longer than all forward steps together the stock stays reserved. */
  sagaReservationMarginMs: number;
  /** How often the saga looks for steps whose deadline passed. */
  sagaDeadlineIntervalMs: number;
}

const upstreams = z
  .object({
    [rpcUrlVariable("catalog")]: envField.url(defaultRpcUrl("catalog")),
    [rpcUrlVariable("customers")]: envField.url(defaultRpcUrl("customers")),
    [rpcUrlVariable("shipping")]: envField.url(defaultRpcUrl("shipping")),
  })
  .transform((e) => ({
    catalogRpcUrl: e[rpcUrlVariable("catalog")] as string,
    customersRpcUrl: e[rpcUrlVariable("customers")] as string,
    shippingRpcUrl: e[rpcUrlVariable("shipping")] as string,
  }));

const eventStore = z
  .object({
    EMPORIUM_ORDERS_SNAPSHOT_EVERY: z.coerce.number().int().min(1).default(50),
    EMPORIUM_ORDERS_PROJECTION_INTERVAL_MS: envField.milliseconds(500),
    EMPORIUM_ORDERS_READ_YOUR_WRITES_TIMEOUT_MS: envField.milliseconds(2_000),
  })
  .transform((e) => ({
    snapshotEvery: e.EMPORIUM_ORDERS_SNAPSHOT_EVERY,
    projectionIntervalMs: e.EMPORIUM_ORDERS_PROJECTION_INTERVAL_MS,
    readYourWritesTimeoutMs: e.EMPORIUM_ORDERS_READ_YOUR_WRITES_TIMEOUT_MS,
  }));

const saga = z
  .object({
    EMPORIUM_ORDERS_SAGA_STEP_TIMEOUT_MS: envField.milliseconds(600_000),
    EMPORIUM_ORDERS_SAGA_RESERVATION_MARGIN_MS: envField.milliseconds(600_000),
    EMPORIUM_ORDERS_SAGA_DEADLINE_INTERVAL_MS: envField.milliseconds(1_000),
  })
  .transform((e) => ({
    sagaStepTimeoutMs: e.EMPORIUM_ORDERS_SAGA_STEP_TIMEOUT_MS,
    sagaReservationMarginMs: e.EMPORIUM_ORDERS_SAGA_RESERVATION_MARGIN_MS,
    sagaDeadlineIntervalMs: e.EMPORIUM_ORDERS_SAGA_DEADLINE_INTERVAL_MS,
  }));

export const loadOrdersConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<OrdersConfig> =>
  Object.freeze({
    ...loadServiceConfig("orders", serviceDefaults("orders"), env),
    ...loadConfig(upstreams, env),
    ...loadConfig(eventStore, env),
    ...loadConfig(saga, env),
  });

import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import {
  clockAndIds,
  defineService,
  serviceClient,
  serviceTokens,
  type ClockAndIds,
  type ServiceApp,
} from "@emporium/platform";
import type { ShippingDeps } from "./application/shipping-deps";
import { simulatedCarrier } from "./application/simulated-carrier";
import { CatalogSkuParcels } from "./clients/catalog-sku-parcels";
import type { ShippingConfig } from "./config";
import { PgShippingRepository } from "./db/shipping-repository";
import { shippingCommands } from "./events/shipping-commands";
import { shippingSubgraph } from "./graph/subgraph-schema";
import { shippingRpc } from "./rpc/shipping-routes";

export type ShippingApp = ServiceApp<ShippingDeps>;

/**
 * Shipping's specifics, including the simulated carrier; the composition is the platform's. Tests
 * pass their own clock (`clockAndIds` overrides) to drive the carrier.
 */
export const defineShipping = (overrides: Partial<ClockAndIds> = {}) =>
  defineService<ShippingDeps, ShippingConfig>("shipping", __dirname, (config, logger) => ({
    deps: (pool) => ({
      shipping: new PgShippingRepository(pool),
      skuParcels: new CatalogSkuParcels(
        serviceClient(CatalogService, config.catalogRpcUrl, { tokens: serviceTokens(config) }),
      ),
      carrierStepMs: config.carrierStepMs,
      ...clockAndIds(overrides),
    }),
    rpc: shippingRpc,
    subgraph: shippingSubgraph,
    // The checkout saga's commands, from the queue shipping.commands (ADR 0017).
    messaging: (deps) => ({ commands: shippingCommands(deps) }),
    workers: (deps) => [simulatedCarrier(deps, config.carrierIntervalMs, logger)],
  }));

export const shippingService = defineShipping();

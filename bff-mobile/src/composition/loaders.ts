import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema, type FieldMask } from "@bufbuild/protobuf/wkt";
import type { Product } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import type { SkuAvailability } from "@emporium/contracts/emporium/inventory/v1/inventory_pb";
import type { Payment } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import type { RatingSummary } from "@emporium/contracts/emporium/reviews/v1/reviews_pb";
import type { Shipment } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { loaderByKey, type Principal } from "@emporium/platform";
import type { MobileClients } from "./clients";

/** A read mask of these proto paths (relative to the resource message). */
export const mask = (...paths: string[]): FieldMask => create(FieldMaskSchema, { paths });

/** The newest of each order's payments (a declined attempt may precede the one that went through). */
function latestByOrder<T extends { orderId: string; createTime?: { seconds: bigint; nanos: number } }>(items: T[]) {
  const at = (t: T) => (t.createTime ? Number(t.createTime.seconds) * 1e3 + t.createTime.nanos / 1e6 : 0);
  const latest = new Map<string, T>();
  for (const item of items) {
    const seen = latest.get(item.orderId);
    if (!seen || at(item) >= at(seen)) latest.set(item.orderId, item);
  }
  return latest;
}

/**
 * The DataLoaders of one GraphQL request: every RPC that reads by id is called once per query level
 * with every id that level asked for. Made per request (never shared): a loader caches for the
 * request's caller only.
 */
export function mobileLoaders(clients: MobileClients, principal: Principal | undefined) {
  const { service } = clients;
  return {
    /** Stock per SKU: inventory's BatchGetAvailability, only what "in stock" needs. */
    availability: loaderByKey<SkuAvailability>(
      async (skuIds) => {
        const readMask = mask("sku_id", "available");
        const res = await service.inventory.batchGetAvailability({ skuIds: [...skuIds], readMask });
        return new Map(res.availabilities.map((a) => [a.skuId, a]));
      },
      { maxBatchSize: 500 },
    ),
    /** Ratings per product: reviews' BatchGetRatingSummaries. */
    rating: loaderByKey<RatingSummary>(
      async (productIds) => {
        const readMask = mask("product_id", "average", "count");
        const res = await service.reviews.batchGetRatingSummaries({ productIds: [...productIds], readMask });
        return new Map(res.summaries.map((s) => [s.productId, s]));
      },
      { maxBatchSize: 500 },
    ),
    /** A product's images (cart and order lines): catalog's BatchGetProducts, images only. */
    productImages: loaderByKey<Product>(
      async (ids) => {
        const readMask = mask("id", "images");
        const res = await service.catalog.batchGetProducts({ ids: [...ids], readMask });
        return new Map(res.products.map((p) => [p.id, p]));
      },
      { maxBatchSize: 100 },
    ),
    /** Review authors' public display names: customers' BatchGetCustomers, display names only. */
    authorName: loaderByKey<string>(
      async (ids) => {
        const readMask = mask("id", "display_name");
        const res = await service.customers.batchGetCustomers({ ids: [...ids], readMask });
        return new Map(res.customers.map((c) => [c.id, c.displayName]));
      },
      { maxBatchSize: 100 },
    ),
    /** The latest payment of each order, read with the caller's own token (payments decides per payment). */
    payment: loaderByKey<Payment>(
      async (orderIds) => {
        if (!principal) return new Map();
        const readMask = mask("order_id", "status", "create_time");
        const res = await clients
          .caller(principal)
          .payments.batchGetPaymentsByOrder({ orderIds: [...orderIds], readMask });
        return latestByOrder(res.payments);
      },
      { maxBatchSize: 100 },
    ),
    /**
     * The latest shipment of each order, with bff-mobile's own token (shipping's batch read is for
     * services): only ever asked for orders that orders just showed the caller as theirs.
     */
    shipment: loaderByKey<Shipment>(
      async (orderIds) => {
        const readMask = mask("order_id", "status", "create_time", "update_time");
        const res = await service.shipping.batchGetShipmentsByOrder({ orderIds: [...orderIds], readMask });
        return latestByOrder(res.shipments);
      },
      { maxBatchSize: 100 },
    ),
  };
}

export type MobileLoaders = ReturnType<typeof mobileLoaders>;

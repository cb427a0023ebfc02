import type { FieldMask } from "@bufbuild/protobuf/wkt";
import type { Category, Product } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import type { Customer } from "@emporium/contracts/emporium/customers/v1/customers_pb";
import type { SkuAvailability } from "@emporium/contracts/emporium/inventory/v1/inventory_pb";
import type { Order } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { Payment } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import type { RatingSummary } from "@emporium/contracts/emporium/reviews/v1/reviews_pb";
import type { Shipment } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import DataLoader from "dataloader";
import { answerOf, loaderByKey, type Principal } from "@emporium/platform";
import type { WebServices } from "./web-services";
import { AUTHOR_MASK, AVAILABILITY_MASK, keyed, PAYMENT_MASK, SHIPMENT_MASK } from "./read-masks";

/**
 * The batched reads of one GraphQL request. Every loader collects the keys one level of the query
 * asks for and makes ONE call for them (deduplicated), so a listing of 24 products costs one
 * inventory call and one reviews call, not 24 each. They live as long as the request.
 */
export interface WebLoaders {
  /** BatchGetProducts as the BFF, with the read mask of the fields the query selected. */
  products(mask: FieldMask): DataLoader<string, Product | null>;
  /** ListCategories, once per request. */
  categories: DataLoader<string, Category | null>;
  /** BatchGetAvailability by SKU id; null for a SKU inventory does not stock. */
  availability: DataLoader<string, SkuAvailability | null>;
  /** BatchGetRatingSummaries by product id. */
  ratings: DataLoader<string, RatingSummary | null>;
  /** BatchGetCustomers as the BFF: the public part of each author's profile (the display name). */
  authors: DataLoader<string, Customer | null>;
  /** The latest payment of each order, read with the caller's token (payments decides per payment). */
  payments: DataLoader<string, Payment | null>;
  /**
   * The latest shipment of each order. Shipping lets only the BFF's own token read shipments, so the
   * key is an Order the caller already read with their own token: orders decided it is theirs.
   */
  shipments: DataLoader<Order, Shipment | null, string>;
}

export function webLoaders(services: WebServices, principal: Principal | undefined): WebLoaders {
  const { asBff } = services;
  const byMask = new Map<string, DataLoader<string, Product | null>>();
  return {
    products(mask) {
      const key = [...mask.paths].sort().join(",");
      let loader = byMask.get(key);
      if (!loader) {
        loader = loaderByKey(
          async (ids) => {
            const request = { ids: [...ids], readMask: keyed(mask) };
            const { products } = await answerOf(asBff.catalog.batchGetProducts(request));
            return byKey(products, (p) => p.id);
          },
          { maxBatchSize: 100 },
        );
        byMask.set(key, loader);
      }
      return loader;
    },
    categories: loaderByKey(async () => {
      const { categories } = await answerOf(asBff.catalog.listCategories({}));
      return byKey(categories, (c) => c.id);
    }),
    availability: loaderByKey(async (skuIds) => {
      const answer = await answerOf(
        asBff.inventory.batchGetAvailability({ skuIds: [...skuIds], readMask: AVAILABILITY_MASK }),
      );
      return byKey(answer.availabilities, (a) => a.skuId);
    }),
    ratings: loaderByKey(async (productIds) => {
      const { summaries } = await answerOf(asBff.reviews.batchGetRatingSummaries({ productIds: [...productIds] }));
      return byKey(summaries, (s) => s.productId);
    }),
    authors: loaderByKey(
      async (ids) => {
        const request = { ids: [...ids], readMask: AUTHOR_MASK };
        const { customers } = await answerOf(asBff.customers.batchGetCustomers(request));
        return byKey(customers, (c) => c.id);
      },
      { maxBatchSize: 100 },
    ),
    payments: loaderByKey(
      async (orderIds) => {
        const calls = services.asCaller(principal);
        const { payments } = await answerOf(
          calls.payments.batchGetPaymentsByOrder({ orderIds: [...orderIds], readMask: PAYMENT_MASK }),
        );
        // Oldest first: the last one of an order is its latest attempt.
        return byKey(payments, (p) => p.orderId);
      },
      { maxBatchSize: 100 },
    ),
    shipments: new DataLoader(
      async (orders) => {
        const orderIds = orders.map((o) => o.id);
        const { shipments } = await answerOf(
          asBff.shipping.batchGetShipmentsByOrder({ orderIds, readMask: SHIPMENT_MASK }),
        );
        // Newest first per order: the first one of an order is its latest.
        const latest = new Map<string, Shipment>();
        for (const s of shipments) if (!latest.has(s.orderId)) latest.set(s.orderId, s);
        return orderIds.map((id) => latest.get(id) ?? null);
      },
      { maxBatchSize: 100, cacheKeyFn: (order) => order.id },
    ),
  };
}

/** The found items by key; a later item with the same key wins. */
function byKey<T>(found: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  return new Map(found.map((item) => [keyOf(item), item]));
}

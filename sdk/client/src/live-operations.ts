import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { LiveClient, SubscriptionHandlers } from "./live-client";
import { subscribeInOrder, subscribeLatest } from "./ordered-updates";

/** The three subscriptions every BFF serves, as an SDK generated them (its own selections). */
export interface LiveDocuments<
  TOrder extends OrderStatusShape,
  TNotification,
  TAvailability extends AvailabilityShape,
> {
  orderStatusChanged: TypedDocumentNode<TOrder, { orderId: string; after?: number | null }>;
  notificationReceived: TypedDocumentNode<TNotification, Record<string, never>>;
  productAvailabilityChanged: TypedDocumentNode<TAvailability, { productIds: string[] }>;
}

export type OrderStatusShape = { orderStatusChanged: { sequence: number } };
export type AvailabilityShape = { productAvailabilityChanged: { skuId: string; version: number } };

/** The SDKs' live functions: the same on web and mobile, over each one's generated documents. */
export function liveOperations<TOrder extends OrderStatusShape, TNotification, TAvailability extends AvailabilityShape>(
  live: Pick<LiveClient, "subscribe">,
  documents: LiveDocuments<TOrder, TNotification, TAvailability>,
) {
  return {
    /**
     * Every status change of an order, in order, across reconnects and token refreshes: first its
     * current status (when newer than `after`, the last sequence the caller already has), then each
     * change. Completes after a final status (DELIVERED, CANCELLED, FAILED); FORBIDDEN/NOT_FOUND for
     * an order that is not the caller's.
     */
    trackOrder: (orderId: string, options: SubscriptionHandlers<TOrder> & { after?: number }) =>
      subscribeInOrder(
        live,
        documents.orderStatusChanged,
        { orderId },
        {
          ...options,
          sequenceOf: (data) => data.orderStatusChanged.sequence,
        },
      ),
    /** The signed-in person's notifications as they are created (UNAUTHENTICATED for a guest). */
    notifications: (handlers: SubscriptionHandlers<TNotification>) =>
      live.subscribe(documents.notificationReceived, () => ({}), handlers),
    /** Stock of these products' SKUs: the current state first, then changes; per SKU, only newer versions. */
    productAvailability: (productIds: string[], handlers: SubscriptionHandlers<TAvailability>) =>
      subscribeLatest(
        live,
        documents.productAvailabilityChanged,
        { productIds },
        {
          ...handlers,
          keyOf: (data) => data.productAvailabilityChanged.skuId,
          versionOf: (data) => data.productAvailabilityChanged.version,
        },
      ),
  };
}

import {
  createEmporiumClient,
  liveOperations,
  type EmporiumClient,
  type EmporiumClientOptions,
} from "@emporium/sdk-client";
import {
  AddCartLineDocument,
  CartDocument,
  CategoriesDocument,
  MarkNotificationReadDocument,
  MeDocument,
  MergeGuestCartDocument,
  MyNotificationsDocument,
  MyOrdersDocument,
  NotificationReceivedDocument,
  OrderDocument,
  OrderStatusChangedDocument,
  PlaceOrderDocument,
  ProductAvailabilityChangedDocument,
  ProductDocument,
  ProductListingDocument,
  QuoteCheckoutDocument,
  RemoveCartLineDocument,
  UpdateCartLineDocument,
  type AddCartLineInput,
  type CartQueryVariables,
  type MergeGuestCartInput,
  type MyNotificationsQueryVariables,
  type MyOrdersQueryVariables,
  type PlaceOrderInput,
  type ProductListingQueryVariables,
  type ProductQueryVariables,
  type QuoteCheckoutInput,
  type RemoveCartLineInput,
  type UpdateCartLineInput,
} from "./gen/graphql";

/**
 * bff-web's operations as functions, one per thing the web shop does. Each returns urql's result
 * (`data`, and `error` beside what a failing service left out); `requireData` turns any error into
 * a throw. `client` is there for the generated documents directly.
 */
export function createWebSdk(options: EmporiumClientOptions) {
  const client: EmporiumClient = createEmporiumClient(options);
  return {
    client,
    productListing: (variables: ProductListingQueryVariables = {}) => client.query(ProductListingDocument, variables),
    categories: () => client.query(CategoriesDocument, {}),
    product: (variables: ProductQueryVariables) => client.query(ProductDocument, variables),
    cart: (variables: CartQueryVariables = {}) => client.query(CartDocument, variables),
    addCartLine: (input: AddCartLineInput) => client.mutate(AddCartLineDocument, { input }),
    updateCartLine: (input: UpdateCartLineInput) => client.mutate(UpdateCartLineDocument, { input }),
    removeCartLine: (input: RemoveCartLineInput) => client.mutate(RemoveCartLineDocument, { input }),
    mergeGuestCart: (input: MergeGuestCartInput) => client.mutate(MergeGuestCartDocument, { input }),
    quoteCheckout: (input: QuoteCheckoutInput) => client.mutate(QuoteCheckoutDocument, { input }),
    placeOrder: (input: PlaceOrderInput) => client.mutate(PlaceOrderDocument, { input }),
    myOrders: (variables: MyOrdersQueryVariables = {}) => client.query(MyOrdersDocument, variables),
    order: (id: string) => client.query(OrderDocument, { id }),
    me: () => client.query(MeDocument, {}),
    myNotifications: (variables: MyNotificationsQueryVariables = {}) =>
      client.query(MyNotificationsDocument, variables),
    markNotificationRead: (id: string) => client.mutate(MarkNotificationReadDocument, { input: { id } }),
    ...liveOperations(client, {
      orderStatusChanged: OrderStatusChangedDocument,
      notificationReceived: NotificationReceivedDocument,
      productAvailabilityChanged: ProductAvailabilityChangedDocument,
    }),
    /** Closes the subscriptions' connection. */
    close: () => client.close(),
  };
}

export type WebSdk = ReturnType<typeof createWebSdk>;

import {
  createEmporiumClient,
  liveOperations,
  type EmporiumClient,
  type EmporiumClientOptions,
} from "@emporium/sdk-client";
import {
  AddToCartDocument,
  CartScreenDocument,
  CheckoutScreenDocument,
  HomeScreenDocument,
  NotificationReceivedDocument,
  OrderStatusChangedDocument,
  OrderTrackingScreenDocument,
  PlaceOrderDocument,
  ProductAvailabilityChangedDocument,
  ProductScreenDocument,
  type AddToCartInput,
  type CartScreenQueryVariables,
  type CheckoutScreenQueryVariables,
  type HomeScreenQueryVariables,
  type PlaceOrderInput,
} from "./gen/graphql";

/**
 * bff-mobile's operations as functions, one query per screen (one round trip each) and the app's
 * actions. Each returns urql's result (`data`, and `error` beside what a failing service left
 * out); `requireData` turns any error into a throw.
 */
export function createMobileSdk(options: EmporiumClientOptions) {
  const client: EmporiumClient = createEmporiumClient(options);
  return {
    client,
    homeScreen: (variables: HomeScreenQueryVariables = {}) => client.query(HomeScreenDocument, variables),
    productScreen: (id: string) => client.query(ProductScreenDocument, { id }),
    cartScreen: (variables: CartScreenQueryVariables = {}) => client.query(CartScreenDocument, variables),
    checkoutScreen: (variables: CheckoutScreenQueryVariables = {}) => client.query(CheckoutScreenDocument, variables),
    orderTrackingScreen: (orderId: string) => client.query(OrderTrackingScreenDocument, { orderId }),
    addToCart: (input: AddToCartInput) => client.mutate(AddToCartDocument, { input }),
    placeOrder: (input: PlaceOrderInput) => client.mutate(PlaceOrderDocument, { input }),
    ...liveOperations(client, {
      orderStatusChanged: OrderStatusChangedDocument,
      notificationReceived: NotificationReceivedDocument,
      productAvailabilityChanged: ProductAvailabilityChangedDocument,
    }),
    /** Closes the subscriptions' connection. */
    close: () => client.close(),
  };
}

export type MobileSdk = ReturnType<typeof createMobileSdk>;

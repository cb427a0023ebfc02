import { BFF_SCREENS } from "./bff-screens";

/**
 * The GraphQL operations the benchmarks send, beside the endpoint each goes to. They are here, not
 * inline, so the edge-limit checks can hold every one to its endpoint's limits: a benchmark must
 * measure the system, never a refusal.
 */

/** gateway-bench: catalog alone. */
export const PRODUCTS_QUERY = `{ products(first: 10, filter: { categoryId: "cat-kitchen" }) { edges { node { id name category { name } skus { code price { amount currency formatted } } } } } }`;
/** gateway-bench, the product page: catalog + inventory + reviews + the reviews' authors from customers. */
export const PRODUCT_PAGE_QUERY = `{ products(first: 10, filter: { categoryId: "cat-kitchen" }) { edges { node { id name skus { price { formatted } } availability { inStock quantity } rating { average count } reviews(first: 3) { edges { node { rating title author { displayName } } } } } } } }`;

/** checkout-bench, through the gateway. */
export const GATEWAY_ADD_CART_LINE = `mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) {
      cart { version subtotal { amount currency } lines { skuId quantity } } } }`;
export const GATEWAY_SHIPPING_QUOTE = `query ($i: ShippingQuoteInput!) { shippingQuote(input: $i) { id price { amount } } }`;
export const GATEWAY_PLACE_ORDER = `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }`;
/** The bench customers' addresses, read once when they are prepared. */
export const MY_ADDRESSES = `{ me { addresses { id countryCode postalCode } } }`;

/** The order's status, read by its owner (checkout-bench at the gateway, live-bench at bff-web). */
export const ORDER_STATUS = `query ($id: ID!) { order(id: $id) { status } }`;

/** live-bench, through bff-web. */
export const WEB_ADD_CART_LINE = `mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cart { version } } }`;
export const WEB_QUOTE_CHECKOUT = `mutation ($i: QuoteCheckoutInput!) { quoteCheckout(input: $i) {
      shippingQuoteId cartVersion total { amount currency } } }`;
export const WEB_PLACE_ORDER = `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }`;
/** live-bench: the subscription a customer tracking an order sends (the bff-web schema's field). */
export const TRACK_ORDER = `subscription TrackOrder($orderId: ID!) {
  orderStatusChanged(orderId: $orderId) { orderId status reason sequence changedAt }
}`;

export interface BenchOperation {
  name: string;
  endpoint: "gateway" | "bff-web" | "bff-mobile";
  query: string;
  variables?: Record<string, unknown>;
}

/** Every operation above and the BFF benchmark's screens (bff-mobile and the gateway's equivalent). */
export const BENCH_OPERATIONS: readonly BenchOperation[] = [
  { name: "gateway-bench products", endpoint: "gateway", query: PRODUCTS_QUERY },
  { name: "gateway-bench product page", endpoint: "gateway", query: PRODUCT_PAGE_QUERY },
  { name: "checkout-bench add a cart line", endpoint: "gateway", query: GATEWAY_ADD_CART_LINE },
  { name: "checkout-bench shipping quote", endpoint: "gateway", query: GATEWAY_SHIPPING_QUOTE },
  { name: "checkout-bench place the order", endpoint: "gateway", query: GATEWAY_PLACE_ORDER },
  { name: "checkout-bench order status", endpoint: "gateway", query: ORDER_STATUS },
  { name: "bench customers' addresses", endpoint: "gateway", query: MY_ADDRESSES },
  { name: "live-bench add a cart line", endpoint: "bff-web", query: WEB_ADD_CART_LINE },
  { name: "live-bench quote the checkout", endpoint: "bff-web", query: WEB_QUOTE_CHECKOUT },
  { name: "live-bench place the order", endpoint: "bff-web", query: WEB_PLACE_ORDER },
  { name: "live-bench order status", endpoint: "bff-web", query: ORDER_STATUS },
  { name: "live-bench track the order", endpoint: "bff-web", query: TRACK_ORDER },
  ...BFF_SCREENS.flatMap((pair) => [
    { name: `bff-bench ${pair.screen} (bff-mobile)`, endpoint: "bff-mobile" as const, ...screen(pair.bff, pair) },
    { name: `bff-bench ${pair.screen} (gateway)`, endpoint: "gateway" as const, ...screen(pair.gateway, pair) },
  ]),
];

function screen(query: string, pair: { variables: Record<string, unknown> }) {
  return { query, variables: pair.variables };
}

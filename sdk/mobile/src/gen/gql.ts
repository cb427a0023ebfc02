/* eslint-disable */
import * as types from "./graphql";
import type { TypedDocumentNode as DocumentNode } from "@graphql-typed-document-node/core";

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  "mutation AddToCart($input: AddToCartInput!) {\n  addToCart(input: $input) {\n    cartToken\n    cart {\n      ...CartScreenView\n    }\n  }\n}\n\nmutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    orderId\n    status\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}": typeof types.AddToCartDocument;
  "query HomeScreen($categoryId: ID, $first: Int) {\n  homeScreen(categoryId: $categoryId, first: $first) {\n    categories {\n      id\n      name\n    }\n    products {\n      id\n      name\n      price {\n        amount\n        currency\n        formatted\n      }\n      imageUrl(size: THUMB)\n      inStock\n    }\n    badges {\n      unreadNotifications\n      cartItems\n    }\n  }\n}\n\nquery ProductScreen($id: ID!) {\n  productScreen(id: $id) {\n    id\n    name\n    description\n    price {\n      amount\n      currency\n      formatted\n    }\n    imageUrls(size: MEDIUM)\n    inStock\n    options {\n      skuId\n      label\n      price {\n        amount\n        currency\n        formatted\n      }\n      inStock\n    }\n    rating {\n      average\n      count\n    }\n    reviews(first: 3) {\n      rating\n      title\n      body\n      author\n      createdAt\n    }\n  }\n}\n\nfragment CartScreenView on CartScreen {\n  version\n  itemCount\n  subtotal {\n    amount\n    currency\n    formatted\n  }\n  lines {\n    skuId\n    productId\n    name\n    quantity\n    unitPrice {\n      formatted\n    }\n    lineTotal {\n      formatted\n    }\n    imageUrl(size: THUMB)\n  }\n}\n\nquery CartScreen($cartToken: String) {\n  cartScreen(cartToken: $cartToken) {\n    ...CartScreenView\n  }\n}\n\nquery CheckoutScreen($addressId: ID, $serviceLevel: ServiceLevel) {\n  checkoutScreen(addressId: $addressId, serviceLevel: $serviceLevel) {\n    cart {\n      ...CartScreenView\n    }\n    addresses {\n      id\n      label\n    }\n    addressId\n    quote {\n      quoteId\n      serviceLevel\n      price {\n        amount\n        currency\n        formatted\n      }\n      expiresAt\n    }\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}\n\nquery OrderTrackingScreen($orderId: ID!) {\n  orderTrackingScreen(orderId: $orderId) {\n    orderId\n    status\n    statusReason\n    placedAt\n    total {\n      amount\n      currency\n      formatted\n    }\n    payment\n    shipment {\n      status\n      updatedAt\n    }\n    lines {\n      name\n      quantity\n      imageUrl(size: THUMB)\n    }\n  }\n}": typeof types.HomeScreenDocument;
};
const documents: Documents = {
  "mutation AddToCart($input: AddToCartInput!) {\n  addToCart(input: $input) {\n    cartToken\n    cart {\n      ...CartScreenView\n    }\n  }\n}\n\nmutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    orderId\n    status\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}":
    types.AddToCartDocument,
  "query HomeScreen($categoryId: ID, $first: Int) {\n  homeScreen(categoryId: $categoryId, first: $first) {\n    categories {\n      id\n      name\n    }\n    products {\n      id\n      name\n      price {\n        amount\n        currency\n        formatted\n      }\n      imageUrl(size: THUMB)\n      inStock\n    }\n    badges {\n      unreadNotifications\n      cartItems\n    }\n  }\n}\n\nquery ProductScreen($id: ID!) {\n  productScreen(id: $id) {\n    id\n    name\n    description\n    price {\n      amount\n      currency\n      formatted\n    }\n    imageUrls(size: MEDIUM)\n    inStock\n    options {\n      skuId\n      label\n      price {\n        amount\n        currency\n        formatted\n      }\n      inStock\n    }\n    rating {\n      average\n      count\n    }\n    reviews(first: 3) {\n      rating\n      title\n      body\n      author\n      createdAt\n    }\n  }\n}\n\nfragment CartScreenView on CartScreen {\n  version\n  itemCount\n  subtotal {\n    amount\n    currency\n    formatted\n  }\n  lines {\n    skuId\n    productId\n    name\n    quantity\n    unitPrice {\n      formatted\n    }\n    lineTotal {\n      formatted\n    }\n    imageUrl(size: THUMB)\n  }\n}\n\nquery CartScreen($cartToken: String) {\n  cartScreen(cartToken: $cartToken) {\n    ...CartScreenView\n  }\n}\n\nquery CheckoutScreen($addressId: ID, $serviceLevel: ServiceLevel) {\n  checkoutScreen(addressId: $addressId, serviceLevel: $serviceLevel) {\n    cart {\n      ...CartScreenView\n    }\n    addresses {\n      id\n      label\n    }\n    addressId\n    quote {\n      quoteId\n      serviceLevel\n      price {\n        amount\n        currency\n        formatted\n      }\n      expiresAt\n    }\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}\n\nquery OrderTrackingScreen($orderId: ID!) {\n  orderTrackingScreen(orderId: $orderId) {\n    orderId\n    status\n    statusReason\n    placedAt\n    total {\n      amount\n      currency\n      formatted\n    }\n    payment\n    shipment {\n      status\n      updatedAt\n    }\n    lines {\n      name\n      quantity\n      imageUrl(size: THUMB)\n    }\n  }\n}":
    types.HomeScreenDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: "mutation AddToCart($input: AddToCartInput!) {\n  addToCart(input: $input) {\n    cartToken\n    cart {\n      ...CartScreenView\n    }\n  }\n}\n\nmutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    orderId\n    status\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}",
): (typeof documents)["mutation AddToCart($input: AddToCartInput!) {\n  addToCart(input: $input) {\n    cartToken\n    cart {\n      ...CartScreenView\n    }\n  }\n}\n\nmutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    orderId\n    status\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: "query HomeScreen($categoryId: ID, $first: Int) {\n  homeScreen(categoryId: $categoryId, first: $first) {\n    categories {\n      id\n      name\n    }\n    products {\n      id\n      name\n      price {\n        amount\n        currency\n        formatted\n      }\n      imageUrl(size: THUMB)\n      inStock\n    }\n    badges {\n      unreadNotifications\n      cartItems\n    }\n  }\n}\n\nquery ProductScreen($id: ID!) {\n  productScreen(id: $id) {\n    id\n    name\n    description\n    price {\n      amount\n      currency\n      formatted\n    }\n    imageUrls(size: MEDIUM)\n    inStock\n    options {\n      skuId\n      label\n      price {\n        amount\n        currency\n        formatted\n      }\n      inStock\n    }\n    rating {\n      average\n      count\n    }\n    reviews(first: 3) {\n      rating\n      title\n      body\n      author\n      createdAt\n    }\n  }\n}\n\nfragment CartScreenView on CartScreen {\n  version\n  itemCount\n  subtotal {\n    amount\n    currency\n    formatted\n  }\n  lines {\n    skuId\n    productId\n    name\n    quantity\n    unitPrice {\n      formatted\n    }\n    lineTotal {\n      formatted\n    }\n    imageUrl(size: THUMB)\n  }\n}\n\nquery CartScreen($cartToken: String) {\n  cartScreen(cartToken: $cartToken) {\n    ...CartScreenView\n  }\n}\n\nquery CheckoutScreen($addressId: ID, $serviceLevel: ServiceLevel) {\n  checkoutScreen(addressId: $addressId, serviceLevel: $serviceLevel) {\n    cart {\n      ...CartScreenView\n    }\n    addresses {\n      id\n      label\n    }\n    addressId\n    quote {\n      quoteId\n      serviceLevel\n      price {\n        amount\n        currency\n        formatted\n      }\n      expiresAt\n    }\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}\n\nquery OrderTrackingScreen($orderId: ID!) {\n  orderTrackingScreen(orderId: $orderId) {\n    orderId\n    status\n    statusReason\n    placedAt\n    total {\n      amount\n      currency\n      formatted\n    }\n    payment\n    shipment {\n      status\n      updatedAt\n    }\n    lines {\n      name\n      quantity\n      imageUrl(size: THUMB)\n    }\n  }\n}",
): (typeof documents)["query HomeScreen($categoryId: ID, $first: Int) {\n  homeScreen(categoryId: $categoryId, first: $first) {\n    categories {\n      id\n      name\n    }\n    products {\n      id\n      name\n      price {\n        amount\n        currency\n        formatted\n      }\n      imageUrl(size: THUMB)\n      inStock\n    }\n    badges {\n      unreadNotifications\n      cartItems\n    }\n  }\n}\n\nquery ProductScreen($id: ID!) {\n  productScreen(id: $id) {\n    id\n    name\n    description\n    price {\n      amount\n      currency\n      formatted\n    }\n    imageUrls(size: MEDIUM)\n    inStock\n    options {\n      skuId\n      label\n      price {\n        amount\n        currency\n        formatted\n      }\n      inStock\n    }\n    rating {\n      average\n      count\n    }\n    reviews(first: 3) {\n      rating\n      title\n      body\n      author\n      createdAt\n    }\n  }\n}\n\nfragment CartScreenView on CartScreen {\n  version\n  itemCount\n  subtotal {\n    amount\n    currency\n    formatted\n  }\n  lines {\n    skuId\n    productId\n    name\n    quantity\n    unitPrice {\n      formatted\n    }\n    lineTotal {\n      formatted\n    }\n    imageUrl(size: THUMB)\n  }\n}\n\nquery CartScreen($cartToken: String) {\n  cartScreen(cartToken: $cartToken) {\n    ...CartScreenView\n  }\n}\n\nquery CheckoutScreen($addressId: ID, $serviceLevel: ServiceLevel) {\n  checkoutScreen(addressId: $addressId, serviceLevel: $serviceLevel) {\n    cart {\n      ...CartScreenView\n    }\n    addresses {\n      id\n      label\n    }\n    addressId\n    quote {\n      quoteId\n      serviceLevel\n      price {\n        amount\n        currency\n        formatted\n      }\n      expiresAt\n    }\n    total {\n      amount\n      currency\n      formatted\n    }\n  }\n}\n\nquery OrderTrackingScreen($orderId: ID!) {\n  orderTrackingScreen(orderId: $orderId) {\n    orderId\n    status\n    statusReason\n    placedAt\n    total {\n      amount\n      currency\n      formatted\n    }\n    payment\n    shipment {\n      status\n      updatedAt\n    }\n    lines {\n      name\n      quantity\n      imageUrl(size: THUMB)\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;

import type { GraphiqlExample } from "@emporium/platform";

/**
 * The example operations the gateway's GraphiQL opens as tabs; the first one is active. Keep them
 * runnable: graphiql-examples.spec.ts validates them against the committed supergraph.
 */
export const graphiqlExamples: GraphiqlExample[] = [
  {
    title: "First products",
    query: `# Welcome to Emporium. Run: ▶ or Ctrl-Enter.
#
# Products form a Relay connection. To page on,
# pass pageInfo.endCursor as "after" (see the
# NextPage tab).
query FirstProducts {
  products(first: 5) {
    edges {
      node {
        id
        name
        category { name }
        skus {
          code
          price { amount currency formatted }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    title: "Next page",
    query: `# Paste the previous page's endCursor into "after" below.
query NextPage($after: String) {
  products(first: 5, after: $after) {
    edges { node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    variables: `{ "after": null }`,
  },
  {
    title: "Product by id",
    query: `query Product($id: ID!) {
  product(id: $id) {
    id
    name
    description
    category { id name slug }
    priceRange { min { formatted } max { formatted } }
    skus {
      id code name
      price { amount currency formatted }
      attributes { name value }
    }
  }
}
`,
    variables: `{ "id": "0192f000-0000-7000-8000-000000000001" }`,
  },
  {
    title: "Search",
    query: `# Full-text search, web search syntax: words,
# "quoted phrases", -excluded; optionally in
# one category.
query Search {
  products(first: 10, filter: { query: "coffee", categoryId: "cat-kitchen" }) {
    edges { node { id name skus { price { formatted } } } }
  }
  categories { id name }
}
`,
  },
  {
    title: "Create a product (admin)",
    query: `# Needs an admin's access token: get one for ada
# (see the README, "Signing in") and paste it
# into the Headers tab below.
mutation CreateProduct {
  createProduct(input: {
    name: "Enamel Camp Mug"
    categoryId: "cat-outdoor"
    skus: [{ code: "ENAMEL-CAMP-MUG", name: "Enamel Camp Mug",
             price: { amount: "14.50", currency: "EUR" } }]
    idempotencyKey: "graphiql-example-1"
  }) {
    id name skus { code price { formatted } }
  }
}
`,
    headers: `{ "Authorization": "Bearer <paste ada's access token>" }`,
  },
  {
    title: "Guest cart",
    query: `# No sign-in needed. The first addCartLine makes a
# guest cart and returns its cartToken this once:
# put it into the variables to add more or read it.
mutation AddToCart($cartToken: String) {
  addCartLine(input: {
    cartToken: $cartToken
    skuId: "0192f000-0000-7000-8000-000000000002"
    quantity: 2
  }) {
    cartToken
    cart {
      version itemCount subtotal { formatted }
      lines { skuId name quantity unitPrice { formatted } lineTotal { formatted } product { id name } }
    }
  }
}

query GuestCart($cartToken: String) {
  cart(cartToken: $cartToken) { version itemCount lines { name quantity } }
}
`,
    variables: `{ "cartToken": null }`,
  },
  {
    title: "Merge a guest cart (signed in)",
    query: `# After signing in (a customer's access token in
# the Headers tab), hand over the guest cart's token:
# its lines join your cart, and the token is spent.
mutation MergeGuestCart($cartToken: String!) {
  mergeGuestCart(input: { cartToken: $cartToken }) {
    version itemCount lines { name quantity }
  }
}
`,
    variables: `{ "cartToken": "<the guest cart's token>" }`,
    headers: `{ "Authorization": "Bearer <paste alice's access token>" }`,
  },
  {
    title: "Place an order (signed in)",
    query: `# Signed in as a customer (token in the Headers
# tab), with something in the cart. First quote the
# shipping to your address (its country and postal
# code), valid 30 minutes. Then send the cart's
# version, the total you saw (subtotal + the quote's
# price), an address id of yours (me { addresses
# { id } }), the quote's id and a fresh idempotency
# key. The payment method is a token of the
# simulated provider: tok_approve pays, tok_decline
# is declined (the order then ends FAILED). A retry
# with the same key returns the same order; a price
# that changed since is FAILED_PRECONDITION
# price.changed; a quote that is expired or to
# another address is refused too. The order starts
# PENDING: see the "My orders" tab for what follows.
query QuoteShipping {
  shippingQuote(input: {
    countryCode: "DE"
    postalCode: "10115"
    lines: [{ skuId: "0192f000-0000-7000-8000-000000000002", quantity: 2 }]
  }) { id price { amount currency formatted } expiresAt }
}

mutation PlaceOrder($key: String!, $cartVersion: String!, $total: MoneyInput!, $addressId: ID!, $quoteId: ID!) {
  placeOrder(input: {
    idempotencyKey: $key
    cartVersion: $cartVersion
    expectedTotal: $total
    shippingAddressId: $addressId
    shippingQuoteId: $quoteId
    paymentMethodToken: "tok_approve"
  }) {
    id status statusSequence
    lines { skuId name quantity unitPrice { formatted } lineTotal { formatted } product { id name } }
    shippingAddress { recipient city countryCode }
    subtotal { formatted } shipping { formatted } total { formatted }
  }
}
`,
    variables: `{ "key": "<a new UUID>", "cartVersion": "<cart.version>", "total": { "amount": "<cart.subtotal.amount + shippingQuote.price.amount>", "currency": "EUR" }, "addressId": "<one of me.addresses' ids>", "quoteId": "<shippingQuote.id>" }`,
    headers: `{ "Authorization": "Bearer <paste alice's access token>" }`,
  },
  {
    title: "My orders",
    query: `# Your orders, newest first (customers' me, with
# the orders subgraph's Customer.orders). After
# placeOrder the checkout runs by itself: stock is
# reserved, the payment authorised, a parcel booked,
# the payment captured: PENDING turns CONFIRMED
# (or FAILED, with statusReason, when a step says
# no). The carrier then ships and delivers it
# (SHIPPED, DELIVERED), and myNotifications tells
# you each time. Cancel an order with the last
# operation while its parcel is not yet in transit.
query MyOrders {
  me {
    displayName
    orders(first: 5) {
      edges { node { id status total { formatted } createdAt lines { name quantity } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}

query MyNotifications {
  myNotifications(first: 10) {
    edges { node { kind title createdAt order { id status } } }
  }
}

mutation CancelOrder($orderId: ID!) {
  cancelOrder(input: { orderId: $orderId, reason: "changed my mind" }) { id status statusReason statusSequence }
}
`,
    variables: `{ "orderId": "<an order id>" }`,
    headers: `{ "Authorization": "Bearer <paste alice's access token>" }`,
  },
];

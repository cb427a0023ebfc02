import type { GraphiqlExample } from "@emporium/platform";

const signedIn = `{ "Authorization": "Bearer <paste alice's access token>" }`;

/** The tabs bff-web's GraphiQL opens, one per screen of the web shop; the first one is active. */
export const bffWebExamples: GraphiqlExample[] = [
  {
    title: "Listing: facets and sorting",
    query: `# bff-web serves the web shop, one query per screen. Run: ▶ or Ctrl-Enter.
#
# The listing: filters, facet counts (what each other choice would
# give), an order, and a page. Pass pageInfo.endCursor as "after".
query Listing($after: String) {
  products(
    first: 12
    after: $after
    filter: { categoryId: "cat-kitchen", priceBands: [UNDER_25, FROM_25_TO_50], inStock: true }
    sort: PRICE_LOW_TO_HIGH
  ) {
    edges {
      node {
        id
        name
        fromPrice { formatted }
        image(size: MEDIUM) { url width alt }
        rating { average count }
        inStock
      }
    }
    pageInfo { hasNextPage endCursor }
    facets {
      categories { categoryId name count }
      priceBands { band min { formatted } max { formatted } count }
      inStock
      outOfStock
    }
  }
}
`,
    variables: `{ "after": null }`,
  },
  {
    title: "Product page",
    query: `query ProductPage($id: ID!) {
  product(id: $id) {
    id
    name
    description
    category { name slug }
    images(size: LARGE) { url width alt }
    skus {
      id
      name
      price { formatted }
      attributes { name value }
      available
    }
    availability { inStock quantity }
    rating { average count }
    reviews(first: 5) {
      edges { node { rating title body createdAt authorName } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
    variables: `{ "id": "0192f000-0000-7000-8000-000000000001" }`,
  },
  {
    title: "Cart: a guest adds a line",
    query: `# Without a token this makes a guest cart: keep the cartToken it
# returns (shown once) and send it with every later cart call.
mutation AddToCart($cartToken: String, $skuId: ID!) {
  addCartLine(input: { cartToken: $cartToken, skuId: $skuId, quantity: 1 }) {
    cartToken
    cart {
      version
      itemCount
      subtotal { formatted }
      lines {
        skuId
        name
        quantity
        lineTotal { formatted }
        product { image(size: THUMB) { url } }
      }
    }
  }
}
`,
    variables: `{ "cartToken": null, "skuId": "0192f000-0000-7000-8000-000000000002" }`,
  },
  {
    title: "Cart (signed in)",
    query: `query Cart {
  cart {
    version
    itemCount
    subtotal { formatted }
    lines { skuId name quantity unitPrice { formatted } lineTotal { formatted } }
  }
}
`,
    headers: signedIn,
  },
  {
    title: "Checkout: quote shipping",
    query: `# Step one of checkout: shipping for the cart to one of your addresses
# (see the "My account" tab). The answer holds what placeOrder needs.
mutation QuoteCheckout($addressId: ID!) {
  quoteCheckout(input: { shippingAddressId: $addressId, serviceLevel: STANDARD }) {
    shippingQuoteId
    cartVersion
    subtotal { amount formatted }
    shipping { amount formatted }
    total { amount currency formatted }
    expiresAt
  }
}
`,
    variables: `{ "addressId": "0192f000-0000-7000-8000-a00000000001" }`,
    headers: signedIn,
  },
  {
    title: "Checkout: place the order",
    query: `# Step two: one idempotency key per order you mean to place. Sending
# it again (a retry) returns the same order. tok_approve is the test
# provider's card that always goes through.
mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status total { formatted } }
}
`,
    variables: `{
  "input": {
    "idempotencyKey": "order-2026-0001",
    "cartVersion": "<quoteCheckout.cartVersion>",
    "expectedTotal": { "amount": "<quoteCheckout.total.amount>", "currency": "EUR" },
    "shippingAddressId": "0192f000-0000-7000-8000-a00000000001",
    "shippingQuoteId": "<quoteCheckout.shippingQuoteId>",
    "paymentMethodToken": "tok_approve"
  }
}`,
    headers: signedIn,
  },
  {
    title: "Order history",
    query: `query OrderHistory($after: String) {
  myOrders(first: 10, after: $after) {
    edges {
      node {
        id
        status
        placedAt
        itemCount
        total { formatted }
        payment { status }
        shipment { status }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    headers: signedIn,
  },
  {
    title: "Order detail",
    query: `query OrderDetail($id: ID!) {
  order(id: $id) {
    id
    status
    statusReason
    placedAt
    lines { name quantity lineTotal { formatted } product { image(size: THUMB) { url } } }
    shippingAddress { recipient line1 postalCode city countryCode }
    subtotal { formatted }
    shipping { formatted }
    total { formatted }
    payment { status charged { formatted } refunded { formatted } declineReason }
    shipment { status serviceLevel failureReason updatedAt }
  }
}
`,
    variables: `{ "id": "<an order id from Order history>" }`,
    headers: signedIn,
  },
  {
    title: "My account",
    query: `query MyAccount {
  me {
    id
    displayName
    email
    addresses { id recipient line1 line2 postalCode city countryCode }
  }
}
`,
    headers: signedIn,
  },
  {
    title: "Add an address",
    query: `mutation AddAddress {
  addAddress(input: { recipient: "Alice Archer", line1: "Torstraße 1", postalCode: "10119", city: "Berlin", countryCode: "DE" }) {
    addresses { id line1 city }
  }
}
`,
    headers: signedIn,
  },
  {
    title: "Notifications",
    query: `query Notifications {
  myNotifications(first: 20) {
    edges { node { id kind title body read createdAt orderId product { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    headers: signedIn,
  },
  {
    title: "Mark a notification read",
    query: `mutation MarkRead($id: ID!) {
  markNotificationRead(input: { id: $id }) { id read readAt }
}
`,
    variables: `{ "id": "<a notification id>" }`,
    headers: signedIn,
  },
  {
    title: "Live: an order's status",
    query: `# A subscription, over WebSocket: the order's current status first,
# then every change as it happens, until it is delivered, cancelled or
# failed. To resume after a disconnect, pass the last sequence seen as
# "after": only later statuses come.
subscription OrderStatus($orderId: ID!, $after: Int) {
  orderStatusChanged(orderId: $orderId, after: $after) {
    orderId
    status
    reason
    sequence
    changedAt
  }
}
`,
    variables: `{ "orderId": "<placeOrder.id>", "after": null }`,
    headers: signedIn,
  },
  {
    title: "Live: stock of products",
    query: `# Anyone may watch up to 50 products: each SKU's stock now, then every
# change; per SKU, a higher version is newer.
subscription Stock {
  productAvailabilityChanged(productIds: ["0192f000-0000-7000-8000-000000000001"]) {
    productId
    skuId
    inStock
    available
    version
  }
}
`,
  },
];

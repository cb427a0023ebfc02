import type { GraphiqlExample } from "@emporium/platform";

/**
 * The example operations bff-mobile's GraphiQL opens as tabs, one per screen; the first is active.
 * Signed in: add a header `{"authorization": "Bearer <access token>"}`. The specs run every one.
 */
export const mobileExamples: GraphiqlExample[] = [
  {
    title: "Home screen",
    query: `# One screen, one request. Signed in, badges
# shows the unread notifications and the cart.
query HomeScreen {
  homeScreen(first: 6) {
    categories { id name }
    products {
      id
      name
      price { formatted }
      imageUrl(size: THUMB)
      inStock
    }
    badges { unreadNotifications cartItems }
  }
}
`,
  },
  {
    title: "Product screen",
    query: `query ProductScreen($id: ID!) {
  productScreen(id: $id) {
    name
    description
    price { formatted }
    imageUrls(size: MEDIUM)
    inStock
    options { skuId label price { formatted } inStock }
    rating { average count }
    reviews(first: 3) { rating title author createdAt }
  }
}
`,
    variables: JSON.stringify({ id: "0192f000-0000-7000-8000-000000000001" }, null, 2),
  },
  {
    title: "Add to cart",
    query: `# A guest gets a cartToken the first time:
# pass it as cartToken from then on.
mutation AddToCart($skuId: ID!) {
  addToCart(input: { skuId: $skuId, quantity: 1 }) {
    cartToken
    cart { itemCount subtotal { formatted } }
  }
}
`,
    variables: JSON.stringify({ skuId: "0192f000-0000-7000-8000-000000000002" }, null, 2),
  },
  {
    title: "Cart screen",
    query: `query CartScreen {
  cartScreen {
    version
    itemCount
    subtotal { formatted }
    lines {
      skuId
      name
      quantity
      unitPrice { formatted }
      lineTotal { formatted }
      imageUrl(size: THUMB)
    }
  }
}
`,
  },
  {
    title: "Checkout screen",
    query: `# Signed in as a customer. Pass addressId to
# quote another of your addresses.
query CheckoutScreen {
  checkoutScreen(serviceLevel: STANDARD) {
    cart { version itemCount subtotal { formatted } }
    addresses { id label }
    addressId
    quote { quoteId price { formatted } expiresAt }
    total { amount currency formatted }
  }
}
`,
  },
  {
    title: "Place order",
    query: `# Values from the checkout screen; the same
# idempotencyKey again returns the same order.
mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { orderId status total { formatted } }
}
`,
    variables: JSON.stringify(
      {
        input: {
          idempotencyKey: "graphiql-mobile-1",
          cartVersion: "1",
          expectedTotal: { amount: "0.00", currency: "EUR" },
          addressId: "<addresses[0].id>",
          quoteId: "<quote.quoteId>",
          paymentToken: "tok_approve",
        },
      },
      null,
      2,
    ),
  },
  {
    title: "Order tracking screen",
    query: `query OrderTrackingScreen($orderId: ID!) {
  orderTrackingScreen(orderId: $orderId) {
    status
    statusReason
    placedAt
    total { formatted }
    payment
    shipment { status updatedAt }
    lines { name quantity imageUrl(size: THUMB) }
  }
}
`,
    variables: JSON.stringify({ orderId: "<placeOrder.orderId>" }, null, 2),
  },
  {
    title: "Order tracking, live",
    query: `# Over WebSocket: the current status, then each change until the order
# settles; pass the last sequence seen as "after" to resume.
subscription OrderStatus($orderId: ID!, $after: Int) {
  orderStatusChanged(orderId: $orderId, after: $after) {
    status
    reason
    sequence
    changedAt
  }
}
`,
    variables: JSON.stringify({ orderId: "<placeOrder.orderId>", after: null }, null, 2),
  },
];

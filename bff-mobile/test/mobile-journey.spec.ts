import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import {
  describeAuthorizationMatrix,
  describeBffHostChecks,
  eventually,
  graphqlOutcome,
  liveClient,
  matrixTokens,
  serviceToken,
  subscribeLive,
  testKeycloak,
  type EntryPoint,
  type MatrixTokens,
} from "@emporium/testing";
import { askMobile, example, startMobilePlatform, type MobilePlatform } from "./support/mobile-platform";
import { rpcCallsDuring } from "./support/rpc-calls";
import { mobileIntrospection, webIntrospection, fieldsOf } from "./support/introspection";

/**
 * The mobile journey through bff-mobile, each screen ONE request: home, product, cart after adding
 * lines, checkout, place order, tracking until settled. The services count what each screen cost
 * them (their /metrics), and every operation goes through the authorization matrix. One platform
 * for the whole file: starting one is the expensive part.
 */
let mobile: MobilePlatform;
beforeAll(async () => {
  mobile = await startMobilePlatform();
}, 300_000);
afterAll(() => mobile?.stop());

const ask = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
  askMobile<T>(mobile.platform, query, variables, token);
const calls = <T>(work: () => Promise<T>) => rpcCallsDuring(mobile.platform, work);

/** A seeded product with several SKUs, a rating and reviews by several authors. */
const SKILLET = "0192f000-0000-7000-8000-000000000001";
const SETTLED = ["CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED", "FAILED"];
/** GraphiQL's live tracking tab: what the app subscribes with. */
const LIVE = example("Order tracking, live");

type Home = {
  homeScreen: {
    categories: Array<{ id: string; name: string }>;
    products: Array<{
      id: string;
      name: string;
      price: { formatted: string };
      imageUrl: string | null;
      inStock: boolean;
    }>;
    badges: { unreadNotifications: number; cartItems: number } | null;
  };
};
type ProductScreen = {
  productScreen: {
    name: string;
    price: { formatted: string };
    imageUrls: string[];
    inStock: boolean;
    options: Array<{ skuId: string; label: string; price: { formatted: string }; inStock: boolean }>;
    rating: { average: number; count: number } | null;
    reviews: Array<{ rating: number; title: string; author: string; createdAt: string }>;
  } | null;
};
type CartScreen = {
  cartScreen: {
    version: string;
    itemCount: number;
    subtotal: { formatted: string } | null;
    lines: Array<{ skuId: string; quantity: number; lineTotal: { formatted: string }; imageUrl: string | null }>;
  } | null;
};
type Checkout = {
  checkoutScreen: {
    cart: { version: string; itemCount: number } | null;
    addresses: Array<{ id: string; label: string }>;
    addressId: string | null;
    quote: { quoteId: string; price: { formatted: string }; expiresAt: string } | null;
    total: { amount: string; currency: string; formatted: string } | null;
  };
};
type Tracking = {
  orderTrackingScreen: {
    status: string;
    statusReason: string;
    total: { formatted: string };
    payment: string | null;
    shipment: { status: string; updatedAt: string } | null;
    lines: Array<{ name: string; quantity: number; imageUrl: string | null }>;
  } | null;
};

/** What the journey leaves for the matrix: alice's order and the request that placed it. */
const journey: { orderId?: string; placeInput?: Record<string, unknown>; skuIds: string[] } = { skuIds: [] };

describe("the mobile journey, one request per screen", () => {
  it("home: categories, the newest products with thumb, price and stock, and a signed-in person's badges", async () => {
    const { result, calls: cost } = await calls(() => ask<Home>(example("Home screen"), {}, mobile.tokens.alice));
    expect(result.body.errors).toBeUndefined();
    const home = result.body.data!.homeScreen;
    expect(home.categories.length).toBeGreaterThanOrEqual(8);
    expect(home.products).toHaveLength(6);
    for (const p of home.products) {
      expect(p.price.formatted).toMatch(/^€\d+\.\d\d$/);
      expect(typeof p.inStock).toBe("boolean");
    }
    expect(home.badges).toEqual({ unreadNotifications: expect.any(Number), cartItems: expect.any(Number) });
    // One call per service and level: catalog twice (categories and products are two RPCs of one level).
    expect(cost).toEqual({
      "catalog ListCategories": 1,
      "catalog ListProducts": 1,
      "inventory BatchGetAvailability": 1,
      "notifications ListNotifications": 1,
      "orders GetCart": 1,
    });
  });

  it("home for a guest who asks only for names: catalog alone is called, and no badges", async () => {
    const { result, calls: cost } = await calls(() =>
      ask<{ homeScreen: { products: Array<{ name: string }>; badges: null } }>(
        `{ homeScreen(first: 3) { products { name } badges { cartItems } } }`,
      ),
    );
    expect(result.body).toEqual({
      data: {
        homeScreen: { products: [{ name: expect.any(String) }, expect.anything(), expect.anything()], badges: null },
      },
    });
    expect(cost).toEqual({ "catalog ListProducts": 1 });
  });

  it("product: options with stock, the rating and the first reviews with their authors' names", async () => {
    const { result, calls: cost } = await calls(() => ask<ProductScreen>(example("Product screen"), { id: SKILLET }));
    expect(result.body.errors).toBeUndefined();
    const product = result.body.data!.productScreen!;
    expect(product.name).toBe("Cast Iron Skillet");
    expect(product.options.length).toBeGreaterThan(1);
    expect(product.inStock).toBe(product.options.some((o) => o.inStock));
    expect(product.rating).toMatchObject({ count: expect.any(Number) });
    expect(product.reviews).toHaveLength(3);
    expect(product.reviews.every((r) => /^[A-Z][a-z]+ [A-Z]\.$/.test(r.author))).toBe(true);
    expect(cost).toEqual({
      "catalog GetProduct": 1,
      "inventory BatchGetAvailability": 1,
      "reviews BatchGetRatingSummaries": 1,
      "reviews ListProductReviews": 1,
      "customers BatchGetCustomers": 1,
    });
    journey.skuIds = product.options.filter((o) => o.inStock).map((o) => o.skuId);
    expect(journey.skuIds.length).toBeGreaterThan(0);
  });

  it("an unknown product is null with NOT_FOUND, and no other service is asked", async () => {
    const { result, calls: cost } = await calls(() =>
      ask<ProductScreen>(example("Product screen"), { id: "0192f000-0000-7000-8000-00000000ffff" }),
    );
    expect(result.body.data).toEqual({ productScreen: null });
    expect(result.body.errors).toEqual([
      expect.objectContaining({ path: ["productScreen"], extensions: expect.objectContaining({ code: "NOT_FOUND" }) }),
    ]);
    expect(cost).toEqual({ "catalog GetProduct": 1 });
  });

  it("cart: lines added one request each, then the cart screen in one, priced with totals", async () => {
    const add = `mutation ($s: ID!) { addToCart(input: { skuId: $s, quantity: 1 }) { cartToken cart { itemCount } } }`;
    for (const s of journey.skuIds.slice(0, 2)) {
      const added = await ask<{ addToCart: { cartToken: string | null } }>(add, { s }, mobile.tokens.alice);
      expect(added.body.errors).toBeUndefined();
      expect(added.body.data!.addToCart.cartToken).toBeNull(); // signed in: the cart is named by the token
    }
    const { result, calls: cost } = await calls(() => ask<CartScreen>(example("Cart screen"), {}, mobile.tokens.alice));
    expect(result.body.errors).toBeUndefined();
    const cart = result.body.data!.cartScreen!;
    expect(cart.itemCount).toBe(Math.min(2, journey.skuIds.length));
    expect(cart.lines.map((l) => l.skuId)).toEqual(expect.arrayContaining(journey.skuIds.slice(0, 2)));
    expect(cart.subtotal!.formatted).toMatch(/^€\d+\.\d\d$/);
    expect(cost).toEqual({ "orders GetCart": 1, "catalog BatchGetProducts": 1 });
  });

  it("a guest's cart: the first line makes it and shows its token once; the cart screen reads it by that token", async () => {
    const add = `mutation ($s: ID!, $t: String) { addToCart(input: { skuId: $s, cartToken: $t }) { cartToken cart { itemCount } } }`;
    const first = await ask<{ addToCart: { cartToken: string; cart: { itemCount: number } } }>(add, {
      s: journey.skuIds[0],
    });
    const cartToken = first.body.data!.addToCart.cartToken;
    expect(cartToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const seen = await ask<CartScreen>(`query ($t: String) { cartScreen(cartToken: $t) { itemCount } }`, {
      t: cartToken,
    });
    expect(seen.body).toEqual({ data: { cartScreen: { itemCount: 1 } } });
    const none = await ask<CartScreen>(`{ cartScreen { itemCount } }`);
    expect(none.body).toEqual({ data: { cartScreen: null } });
  });

  it("checkout: the cart, the addresses and a quote to the first one, with the total to expect", async () => {
    const { result, calls: cost } = await calls(() =>
      ask<Checkout>(example("Checkout screen"), {}, mobile.tokens.alice),
    );
    expect(result.body.errors).toBeUndefined();
    const checkout = result.body.data!.checkoutScreen;
    expect(checkout.addresses.length).toBeGreaterThan(0);
    expect(checkout.addressId).toBe(checkout.addresses[0]!.id);
    expect(checkout.quote!.price.formatted).toMatch(/^€\d+\.\d\d$/);
    expect(checkout.total!.currency).toBe("EUR");
    expect(cost).toEqual({
      "orders GetCart": 1,
      "customers GetMyProfile": 1,
      "shipping QuoteShipping": 1,
      // shipping's own call for the SKUs' weights and sizes
      "catalog BatchGetSkus": 1,
    });
    journey.placeInput = {
      idempotencyKey: `mobile-${randomUUID()}`,
      cartVersion: checkout.cart!.version,
      expectedTotal: { amount: checkout.total!.amount, currency: checkout.total!.currency },
      addressId: checkout.addressId,
      quoteId: checkout.quote!.quoteId,
      paymentToken: "tok_approve",
    };
  });

  it("place order: PENDING with the checkout's total; the same key again gives the same order", async () => {
    type Placed = { placeOrder: { orderId: string; status: string; total: { formatted: string } } };
    const place = () => ask<Placed>(example("Place order"), { input: journey.placeInput }, mobile.tokens.alice);
    const placed = await place();
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data!.placeOrder.status).toBe("PENDING");
    const again = await place();
    expect(again.body.data!.placeOrder.orderId).toBe(placed.body.data!.placeOrder.orderId);
    journey.orderId = placed.body.data!.placeOrder.orderId;
  });

  it("place order refuses a payment method that is not a provider's token, naming the field", async () => {
    const input = { ...journey.placeInput, idempotencyKey: `mobile-${randomUUID()}`, paymentToken: "4111111111111111" };
    const refused = await ask(example("Place order"), { input }, mobile.tokens.alice);
    expect(refused.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [expect.objectContaining({ field: "paymentToken" })],
    });
  });

  it("tracking, live: the order's statuses over graphql-ws in order, each once, until delivered; not for bob", async () => {
    type Update = { orderStatusChanged: { status: string; reason: string | null; sequence: number } };
    const variables = { orderId: journey.orderId };
    const live = subscribeLive<Update>(liveClient(mobile.platform.bffMobileUrl, mobile.tokens.alice), LIVE, variables);
    const refused = subscribeLive(liveClient(mobile.platform.bffMobileUrl, mobile.tokens.bob), LIVE, variables);
    try {
      // The first is the status the order has by now (the saga may be done already), then every later one.
      const seen: Array<Update["orderStatusChanged"]> = [];
      for (let message = await live.take(); !("complete" in message); message = await live.take()) {
        expect(message).toHaveProperty("data");
        seen.push((message as { data: Update }).data.orderStatusChanged);
      }
      const first = seen[0]!.sequence;
      expect(seen.map((u) => u.sequence)).toEqual(seen.map((_, i) => first + i));
      const path = ["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED"];
      expect(seen.map((u) => u.status)).toEqual(path.slice(path.indexOf(seen[0]!.status)));
      const answer = await refused.take();
      expect("errors" in answer && answer.errors.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
    } finally {
      live.stop();
      refused.stop();
    }
  }, 120_000);

  it("tracking: one request per look until the saga settles the order; payment and parcel status beside it", async () => {
    const look = () =>
      ask<Tracking>(example("Order tracking screen"), { orderId: journey.orderId }, mobile.tokens.alice);
    const deadline = Date.now() + 90_000;
    let seen = await look();
    while (!SETTLED.includes(seen.body.data?.orderTrackingScreen?.status ?? "")) {
      if (Date.now() > deadline) throw new Error(`order not settled after 90 s: ${JSON.stringify(seen.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await look();
    }
    const { result, calls: cost } = await calls(look);
    expect(result.body.errors).toBeUndefined();
    const order = result.body.data!.orderTrackingScreen!;
    expect(["CONFIRMED", "SHIPPED", "DELIVERED"]).toContain(order.status);
    expect(order.payment).toBe("CAPTURED");
    expect(["LABEL_CREATED", "IN_TRANSIT", "DELIVERED"]).toContain(order.shipment!.status);
    expect(order.lines.length).toBeGreaterThan(0);
    expect(cost).toEqual({
      "orders GetOrder": 1,
      "payments BatchGetPaymentsByOrder": 1,
      "shipping BatchGetShipmentsByOrder": 1,
      "catalog BatchGetProducts": 1,
    });
  }, 120_000);

  it("another customer's order is null with NOT_FOUND: neither payments nor shipping is asked", async () => {
    const { result, calls: cost } = await calls(() =>
      ask<Tracking>(example("Order tracking screen"), { orderId: journey.orderId }, mobile.tokens.bob),
    );
    expect(result.body.data).toEqual({ orderTrackingScreen: null });
    expect(result.body.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND" });
    expect(cost).toEqual({ "orders GetOrder": 1 });
  });
});

describe("the schema is the mobile clients'", () => {
  it("differs from bff-web's: the mobile product types are smaller", async () => {
    const mobileTypes = await mobileIntrospection(mobile.platform.bffMobileUrl);
    expect(fieldsOf(mobileTypes, "ProductCard")).toEqual(["id", "name", "price", "imageUrl", "inStock"]);
    const web = await webIntrospection(mobile.platform.bffWebUrl);
    const webCard = fieldsOf(web, "ProductCard");
    const webProduct = fieldsOf(web, "Product");
    expect(fieldsOf(mobileTypes, "ProductCard").length).toBeLessThan(webCard.length);
    expect(fieldsOf(mobileTypes, "ProductScreen").length).toBeLessThan(webProduct.length);
    expect(JSON.stringify(mobileTypes)).not.toEqual(JSON.stringify(web));
  });
});

describe("partial data when one service fails", () => {
  it("with reviews down the product screen still shows the product, rating and reviews null, one UNAVAILABLE", async () => {
    await mobile.platform.restart("reviews", {
      whileDown: async () => {
        const { body } = await ask<ProductScreen>(example("Product screen"), { id: SKILLET });
        expect(body.data!.productScreen).toMatchObject({ name: "Cast Iron Skillet", rating: null, reviews: null });
        expect(body.errors).toHaveLength(1);
        const [error] = body.errors!;
        expect(error!.extensions!.code).toBe("UNAVAILABLE");
        expect([
          ["productScreen", "rating"],
          ["productScreen", "reviews"],
        ]).toContainEqual(error!.path);
        expect(error!.message).toMatch(/reviews/);
        expect(Object.keys(error!).sort()).toEqual(["extensions", "locations", "message", "path"]);
        expect(error!.message).not.toMatch(/\n\s+at /);
      },
    });
    // Back: the screen is whole again once the BFF's breaker for reviews has let a trial through.
    const whole = await eventually(
      () => ask<ProductScreen>(example("Product screen"), { id: SKILLET }),
      ({ body }) => !body.errors,
    );
    expect(whole.body.data!.productScreen!.rating).not.toBeNull();
  });
});

/**
 * Every operation of bff-mobile: the token matrix (each bad token refused for its defect) and the
 * role matrix (anonymous, customer alice, admin ada), then the other customer (bob) on alice's things.
 */
const op =
  (query: string, variables: () => Record<string, unknown> = () => ({})) =>
  async (token?: string) =>
    graphqlOutcome(
      await fetch(`${mobile.platform.bffMobileUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables: variables() }),
      }),
    );

/** Each person's placeOrder request, by their subject: alice's from the journey, ada's made for the matrix. */
const placedBy: Record<string, Record<string, unknown>> = {};
const subjectOf = (token: string | undefined) => {
  try {
    return token ? String(decodeJwt(token).sub) : "";
  } catch {
    return "";
  }
};

/** Fills the person's cart, reads the checkout screen and places the order: the request it sent. */
async function placeAnOrder(token: string): Promise<Record<string, unknown>> {
  const add = `mutation ($s: ID!) { addToCart(input: { skuId: $s }) { cart { itemCount } } }`;
  await ask(add, { s: journey.skuIds[0] }, token);
  const checkout = (await ask<Checkout>(example("Checkout screen"), {}, token)).body.data!.checkoutScreen;
  const input = {
    idempotencyKey: `mobile-${randomUUID()}`,
    cartVersion: checkout.cart!.version,
    expectedTotal: { amount: checkout.total!.amount, currency: checkout.total!.currency },
    addressId: checkout.addressId,
    quoteId: checkout.quote!.quoteId,
    paymentToken: "tok_approve",
  };
  const placed = await ask(example("Place order"), { input }, token);
  if (placed.body.errors) throw new Error(`placing an order failed: ${JSON.stringify(placed.body.errors)}`);
  return input;
}

interface MobileRow extends EntryPoint {
  /** What bob gets where alice's things are named (her order, her order's key): ok, or refused with a code. */
  otherCustomer: "ok" | "NOT_FOUND" | "NOT_FOUND|FAILED_PRECONDITION";
}

const rows: MobileRow[] = [
  {
    name: "homeScreen",
    allowed: ["anonymous", "customer", "admin"],
    otherCustomer: "ok",
    call: op(example("Home screen")),
  },
  {
    name: "productScreen",
    allowed: ["anonymous", "customer", "admin"],
    otherCustomer: "ok",
    call: op(example("Product screen"), () => ({ id: SKILLET })),
  },
  {
    name: "cartScreen",
    allowed: ["anonymous", "customer", "admin"],
    otherCustomer: "ok",
    call: op(example("Cart screen")),
  },
  {
    name: "addToCart",
    allowed: ["anonymous", "customer", "admin"],
    otherCustomer: "ok",
    call: op(example("Add to cart"), () => ({ skuId: journey.skuIds[0] })),
  },
  // ada is an admin and a customer: she checks out like anyone.
  { name: "checkoutScreen", allowed: ["customer", "admin"], otherCustomer: "ok", call: op(example("Checkout screen")) },
  {
    // Each caller sends the request of the order they placed once more (the same key: that order);
    // bob sends alice's and places nothing of hers.
    name: "placeOrder",
    allowed: ["customer", "admin"],
    otherCustomer: "NOT_FOUND|FAILED_PRECONDITION",
    call: (token) =>
      op(example("Place order"), () => ({ input: placedBy[subjectOf(token)] ?? journey.placeInput }))(token),
  },
  {
    name: "orderTrackingScreen",
    allowed: ["customer", "admin"],
    otherCustomer: "NOT_FOUND",
    call: op(example("Order tracking screen"), () => ({ orderId: journey.orderId })),
  },
];

describe("authorization matrix", () => {
  let tokens: MatrixTokens;
  beforeAll(async () => {
    const kc = testKeycloak();
    if (!journey.orderId) throw new Error("the journey placed no order: the matrix needs alice's order");
    placedBy[subjectOf(mobile.tokens.alice)] = journey.placeInput!;
    placedBy[subjectOf(mobile.tokens.ada)] = await placeAnOrder(mobile.tokens.ada);
    // bff-mobile serves people: a valid service token (its audience a service, not emporium-api) is refused.
    tokens = await matrixTokens(kc, {
      wrongAudience: { name: "a service token", token: await serviceToken(kc, "orders") },
    });
  }, 120_000);

  describeAuthorizationMatrix(rows, () => tokens);

  it.each(rows)("$name: another customer gets their own or nothing of alice's", async (row) => {
    const outcome = await row.call(mobile.tokens.bob);
    if (row.otherCustomer === "ok") expect(outcome).toBe("ok");
    else expect(outcome).toMatch(new RegExp(`^other: .*"code":"(${row.otherCustomer})"`));
  });
});

// Last: its final test stops bff-mobile.
describeBffHostChecks("bff-mobile", () => mobile.platform, {
  valid: "{ homeScreen { badges { cartItems } } }",
  unknownCategoryField: "{ homeScreen { categories { weightInGrams } } }",
});

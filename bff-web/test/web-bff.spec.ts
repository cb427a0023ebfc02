import {
  bffQuery,
  createTestVhost,
  describeBffHostChecks,
  eventually,
  startPlatform,
  testKeycloak,
  userToken,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";
import { describeWebAuthorizationMatrix } from "./web-authorization-matrix";
import { callsDuring, catalogLoads, eventuallyData, placeOrder, webData, webQuery } from "./web-client";

const SKILLET = "0192f000-0000-7000-8000-000000000001"; // three reviews, by three customers
type Money = { amount: string; amountMinor: string; currency: string };
type Card = { id: string; name: string; fromPrice: Money; inStock: boolean | null };
type Listing = {
  products: {
    edges: Array<{ cursor: string; node: Card }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: {
      categories: Array<{ categoryId: string; name: string; count: number }>;
      priceBands: Array<{ band: string; min: Money; max: Money | null; count: number }>;
      inStock: number;
      outOfStock: number;
    };
  };
};
type OrderRow = {
  id: string;
  status: string;
  total: Money;
  payment: { status: string; charged: Money } | null;
  shipment: { status: string } | null;
};

const LISTING = `query ($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {
  products(first: $first, after: $after, filter: $filter, sort: $sort) {
    edges { cursor node { id name fromPrice { amount amountMinor currency } inStock } }
    pageInfo { hasNextPage endCursor }
    facets { categories { categoryId name count } priceBands { band min { amount } max { amount } count } inStock outOfStock }
  }
}`;

/**
 * bff-web on the platform as `npm start` runs it (one platform for the whole file: starting one is
 * the slow part): a customer's journey, the calls it costs at the services, the authorization
 * matrix, a service going down, and what the kit's host gives every query.
 */
describe("bff-web: the web shop through its BFF, against the platform", () => {
  let platform: RunningPlatform;
  let vhost: TestVhost;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    // A broker as with `npm start`: the checkout saga settles the orders placed here.
    vhost = await createTestVhost("bff-web-journey");
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
      amqpUrl: vhost.url,
      // A deadline for a loaded test machine, not for users: the specs test what is answered, not how fast.
      bffEnv: { EMPORIUM_BFF_WEB_CALL_TIMEOUT_MS: "15000" },
    });
    [alice, bob] = await Promise.all([userToken(testKeycloak(), "alice"), userToken(testKeycloak(), "bob")]);
    // The first calls after a start are the slowest (connections, caches, bff-web's own token): ask
    // until a listing and a signed-in read answer, as a client retrying would.
    await eventuallyData(
      platform.bffWebUrl,
      `{ products(first: 1) { edges { node { id } } facets { inStock } } me { id } }`,
      alice,
      () => true,
    );
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
    await vhost?.drop();
  });

  describe("a customer's journey", () => {
    let skuId: string;
    let orderId: string;

    it("browses a category with facets, in stock only, cheapest first, page by page", async () => {
      const filter = { categoryId: "cat-kitchen", inStock: true };
      const first = await webData<Listing>(platform.bffWebUrl, LISTING, {
        first: 4,
        filter,
        sort: "PRICE_LOW_TO_HIGH",
      });
      const page = first.products;
      expect(page.edges).toHaveLength(4);
      expect(page.edges.every((e) => e.node.inStock === true)).toBe(true);
      const prices = page.edges.map((e) => BigInt(e.node.fromPrice.amountMinor));
      expect(prices).toEqual([...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      // Facets count the whole listing, each ignoring its own filter.
      const kitchen = page.facets.categories.find((c) => c.categoryId === "cat-kitchen")!;
      expect(kitchen).toMatchObject({ name: "Home & Kitchen" });
      expect(page.facets.categories.length).toBeGreaterThan(1);
      expect(page.facets.priceBands.map((b) => b.band)).toEqual([
        "UNDER_25",
        "FROM_25_TO_50",
        "FROM_50_TO_100",
        "FROM_100",
      ]);
      expect(page.facets.priceBands.reduce((sum, b) => sum + b.count, 0)).toBe(kitchen.count);
      // The stock facet ignores the stock filter: in stock is what the listing shows, plus the rest.
      expect(page.facets.inStock).toBe(kitchen.count);
      expect(page.facets.outOfStock).toBeGreaterThan(0);
      expect(page.pageInfo.hasNextPage).toBe(true);

      const next = await webData<Listing>(platform.bffWebUrl, LISTING, {
        first: 4,
        after: page.pageInfo.endCursor,
        filter,
        sort: "PRICE_LOW_TO_HIGH",
      });
      const seen = new Set(page.edges.map((e) => e.node.id));
      expect(next.products.edges.length).toBeGreaterThan(0);
      expect(next.products.edges.some((e) => seen.has(e.node.id))).toBe(false);
      expect(BigInt(next.products.edges[0]!.node.fromPrice.amountMinor)).toBeGreaterThanOrEqual(prices.at(-1)!);
      // Any edge's cursor resumes right after it.
      const resumed = await webData<Listing>(platform.bffWebUrl, LISTING, {
        first: 2,
        after: page.edges[1]!.cursor,
        filter,
        sort: "PRICE_LOW_TO_HIGH",
      });
      expect(resumed.products.edges.map((e) => e.node.id)).toEqual(page.edges.slice(2).map((e) => e.node.id));
    });

    it("opens a product page: SKUs with stock, rating, reviews with their authors' names", async () => {
      const { product } = await webData<{
        product: {
          name: string;
          category: { name: string };
          skus: Array<{ id: string; price: Money; available: number | null }>;
          availability: { inStock: boolean; quantity: number };
          rating: { average: number; count: number };
          reviews: { edges: Array<{ node: { rating: number; authorName: string } }> };
        };
      }>(
        platform.bffWebUrl,
        `query ($id: ID!) { product(id: $id) {
           name category { name } skus { id price { amount amountMinor currency } available }
           availability { inStock quantity } rating { average count }
           reviews(first: 10) { edges { node { rating authorName } } } } }`,
        { id: SKILLET },
      );
      expect(product).toMatchObject({ name: "Cast Iron Skillet", category: { name: "Home & Kitchen" } });
      expect(product.availability.quantity).toBe(product.skus.reduce((sum, s) => sum + (s.available ?? 0), 0));
      expect(product.rating.count).toBe(3);
      expect(product.reviews.edges.map((e) => e.node.authorName).sort()).toEqual(["Ada A.", "Alice A.", "Bob B."]);
      skuId = product.skus.find((s) => (s.available ?? 0) >= 2)!.id;
    });

    it("fills a cart as a guest, signs in, merges it and changes a line", async () => {
      const add = `mutation ($t: String, $s: ID!, $q: Int!) {
        addCartLine(input: { cartToken: $t, skuId: $s, quantity: $q }) { cartToken cart { itemCount lines { skuId quantity product { name } } } } }`;
      const guest = await webData<{ addCartLine: { cartToken: string; cart: { itemCount: number } } }>(
        platform.bffWebUrl,
        add,
        { t: null, s: skuId, q: 1 },
      );
      const cartToken = guest.addCartLine.cartToken;
      expect(cartToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const read = await webData<{ cart: { lines: Array<{ product: { name: string } }> } }>(
        platform.bffWebUrl,
        `query ($t: String) { cart(cartToken: $t) { lines { product { name } } } }`,
        { t: cartToken },
      );
      expect(read.cart.lines).toEqual([{ product: { name: "Cast Iron Skillet" } }]);

      const merged = await webData<{ mergeGuestCart: { lines: Array<{ skuId: string; quantity: number }> } }>(
        platform.bffWebUrl,
        `mutation ($t: String!) { mergeGuestCart(input: { cartToken: $t }) { lines { skuId quantity } } }`,
        { t: cartToken },
        alice,
      );
      expect(merged.mergeGuestCart.lines).toEqual([{ skuId, quantity: 1 }]);
      // The guest cart is gone once merged: its token reaches nothing now.
      const spent = await webQuery(platform.bffWebUrl, `query ($t: String) { cart(cartToken: $t) { id } }`, {
        t: cartToken,
      });
      expect(spent.data).toEqual({ cart: null });
      expect(spent.errors!.map((e) => e.extensions!.code)).toEqual(["NOT_FOUND"]);
      const updated = await webData<{ updateCartLine: { itemCount: number; subtotal: Money } }>(
        platform.bffWebUrl,
        `mutation ($s: ID!) { updateCartLine(input: { skuId: $s, quantity: 2 }) { itemCount subtotal { amount } } }`,
        { s: skuId },
        alice,
      );
      expect(updated.updateCartLine.itemCount).toBe(2);
      // A line added and taken out again leaves the cart as it was.
      const other = "0192f000-0000-7000-8000-000000000012";
      await webData(platform.bffWebUrl, add, { t: null, s: other, q: 1 }, alice);
      const removed = await webData<{ removeCartLine: { lines: Array<{ skuId: string }> } }>(
        platform.bffWebUrl,
        `mutation ($s: ID!) { removeCartLine(input: { skuId: $s }) { lines { skuId } } }`,
        { s: other },
        alice,
      );
      expect(removed.removeCartLine.lines).toEqual([{ skuId }]);
    });

    it("quotes the checkout, places the order with a key (a retry is the same order), and follows it until the saga settles", async () => {
      const { me } = await webData<{ me: { addresses: Array<{ id: string }> } }>(
        platform.bffWebUrl,
        `{ me { addresses { id } } }`,
        {},
        alice,
      );
      const addressId = me.addresses[0]!.id;
      const { quoteCheckout: quote } = await webData<{
        quoteCheckout: { shippingQuoteId: string; cartVersion: string; subtotal: Money; shipping: Money; total: Money };
      }>(
        platform.bffWebUrl,
        `mutation ($a: ID!) { quoteCheckout(input: { shippingAddressId: $a }) {
           shippingQuoteId cartVersion subtotal { amountMinor } shipping { amountMinor } total { amount amountMinor currency } } }`,
        { a: addressId },
        alice,
      );
      expect(BigInt(quote.total.amountMinor)).toBe(
        BigInt(quote.subtotal.amountMinor) + BigInt(quote.shipping.amountMinor),
      );
      const input = {
        idempotencyKey: `web-journey-${Date.now()}`,
        cartVersion: quote.cartVersion,
        expectedTotal: { amount: quote.total.amount, currency: quote.total.currency },
        shippingAddressId: addressId,
        shippingQuoteId: quote.shippingQuoteId,
        paymentMethodToken: "tok_approve",
      };
      const place = () =>
        webData<{ placeOrder: { id: string; status: string; total: Money } }>(
          platform.bffWebUrl,
          `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status total { amount } } }`,
          { i: input },
          alice,
        );
      const placed = (await place()).placeOrder;
      expect(placed).toMatchObject({ status: "PENDING", total: { amount: quote.total.amount } });
      const [again, third] = await Promise.all([place(), place()]);
      expect([again.placeOrder.id, third.placeOrder.id]).toEqual([placed.id, placed.id]);
      orderId = placed.id;

      // Order history shows it at once, and the payment and the parcel as the saga moves them.
      const settled = await eventuallyData<{ myOrders: { edges: Array<{ node: OrderRow }> } }>(
        platform.bffWebUrl,
        `{ myOrders(first: 5) { edges { node { id status total { amount }
           payment { status charged { amount } } shipment { status } } } } }`,
        alice,
        (h) => h.myOrders.edges[0]?.node.status === "CONFIRMED",
      );
      expect(settled.myOrders.edges.map((e) => e.node.id)).toEqual([orderId]);
      expect(settled.myOrders.edges[0]!.node).toMatchObject({
        payment: { status: "CAPTURED", charged: { amount: quote.total.amount } },
        shipment: { status: "LABEL_CREATED" },
      });
    });

    it("reads the order's detail; another customer cannot, and the customer hears of it", async () => {
      const detail = `query ($id: ID!) { order(id: $id) { id status itemCount lines { quantity product { name } }
        shippingAddress { city } payment { status } shipment { status serviceLevel } } }`;
      const { order } = await webData<{ order: Record<string, unknown> }>(
        platform.bffWebUrl,
        detail,
        { id: orderId },
        alice,
      );
      expect(order).toEqual({
        id: orderId,
        status: "CONFIRMED",
        itemCount: 2,
        lines: [{ quantity: 2, product: { name: "Cast Iron Skillet" } }],
        shippingAddress: { city: "Berlin" },
        payment: { status: "CAPTURED" },
        shipment: { status: "LABEL_CREATED", serviceLevel: "STANDARD" },
      });
      const bobs = await webQuery(platform.bffWebUrl, detail, { id: orderId }, bob);
      expect(bobs.data).toEqual({ order: null });
      expect(bobs.errors!.map((e) => e.extensions!.code)).toEqual(["NOT_FOUND"]);

      type Notifications = {
        myNotifications: {
          edges: Array<{ node: { id: string; kind: string; orderId: string | null; read: boolean } }>;
        };
      };
      const heard = await eventuallyData<Notifications>(
        platform.bffWebUrl,
        `{ myNotifications(first: 20) { edges { node { id kind orderId read } } } }`,
        alice,
        (n) => n.myNotifications.edges.some((e) => e.node.kind === "ORDER_CONFIRMED" && e.node.orderId === orderId),
      );
      const confirmed = heard.myNotifications.edges.find((e) => e.node.kind === "ORDER_CONFIRMED")!.node;
      expect(confirmed.read).toBe(false);
      const marked = await webData<{ markNotificationRead: { id: string; read: boolean } }>(
        platform.bffWebUrl,
        `mutation ($id: ID!) { markNotificationRead(input: { id: $id }) { id read } }`,
        { id: confirmed.id },
        alice,
      );
      expect(marked.markNotificationRead).toEqual({ id: confirmed.id, read: true });
    });

    it("keeps the account: a new address, and a refusal that names the field as the form does", async () => {
      const add = `mutation ($p: String!) { addAddress(input: { recipient: "Bob Baker", line1: "2 Quai Perrache",
        postalCode: $p, city: "Lyon", countryCode: "FR" }) { addresses { postalCode } } }`;
      const added = await webData<{ addAddress: { addresses: Array<{ postalCode: string }> } }>(
        platform.bffWebUrl,
        add,
        { p: "69002" },
        bob,
      );
      expect(added.addAddress.addresses.map((a) => a.postalCode)).toContain("69002");
      const refused = await webQuery(platform.bffWebUrl, add, { p: "#" }, bob);
      expect(refused.errors!.map((e) => e.extensions)).toEqual([
        expect.objectContaining({
          code: "BAD_USER_INPUT",
          violations: [expect.objectContaining({ field: "postalCode" })],
        }),
      ]);
    });
  });

  describe("call counts at the services: one call per service per query level, none for fields not asked for", () => {
    it("a listing page with ratings, stock and categories: one call each, whatever the page size", async () => {
      const calls = await callsDuring(platform, () =>
        webData(
          platform.bffWebUrl,
          `{ products(first: 20) { edges { node { id name category { name } rating { average } inStock } } } }`,
        ),
      );
      expect(calls).toEqual({
        "CatalogService/ListProducts": 1,
        "CatalogService/ListCategories": 1,
        "ReviewsService/BatchGetRatingSummaries": 1,
        "InventoryService/BatchGetAvailability": 1,
      });
    });

    it("a listing without rating or stock asks neither reviews nor inventory", async () => {
      const calls = await callsDuring(platform, () =>
        webData(platform.bffWebUrl, `{ products(first: 20) { edges { node { id name fromPrice { amount } } } } }`),
      );
      expect(calls).toEqual({ "CatalogService/ListProducts": 1 });
    });

    it("a listing's cards load no SKUs at catalog, and pictures only when asked for: the mask goes end to end", async () => {
      const before = await catalogLoads(platform);
      expect(Object.keys(before).sort()).toEqual(["facets", "images", "skus"]);
      await webData(platform.bffWebUrl, `{ products(first: 20) { edges { node { id name fromPrice { amount } } } } }`);
      expect(await catalogLoads(platform)).toEqual(before);
      await webData(platform.bffWebUrl, `{ products(first: 20) { edges { node { image(size: THUMB) { url } } } } }`);
      expect(await catalogLoads(platform)).toEqual({ ...before, images: before.images! + 1 });
    });

    it("a product page without availability makes no inventory call; its reviews' authors come in one call", async () => {
      const calls = await callsDuring(platform, () =>
        webData(
          platform.bffWebUrl,
          `query ($id: ID!) { product(id: $id) { name rating { count }
             reviews(first: 10) { edges { node { authorName } } } } }`,
          { id: SKILLET },
        ),
      );
      // Three reviews by three authors: one customers call for all three names.
      expect(calls).toEqual({
        "CatalogService/BatchGetProducts": 1,
        "ReviewsService/BatchGetRatingSummaries": 1,
        "ReviewsService/ListProductReviews": 1,
        "CustomersService/BatchGetCustomers": 1,
      });
      const bare = await callsDuring(platform, () =>
        webData(platform.bffWebUrl, `query ($id: ID!) { product(id: $id) { name } }`, { id: SKILLET }),
      );
      expect(bare).toEqual({ "CatalogService/BatchGetProducts": 1 });
    });

    it("order history: one orders call, one payments, one shipping and one catalog call for all orders' lines", async () => {
      // A second order of two other products: three products over two orders, one catalog call.
      await placeOrder(platform.bffWebUrl, alice, [
        "0192f000-0000-7000-8000-000000000012",
        "0192f000-0000-7000-8000-0000000000a2",
      ]);
      // The order list is orders' read model, which follows the event store a moment behind.
      const history = await eventuallyData<{ myOrders: { edges: unknown[] } }>(
        platform.bffWebUrl,
        `{ myOrders { edges { node { id } } } }`,
        alice,
        (h) => h.myOrders.edges.length >= 2,
      );
      expect(history.myOrders.edges).toHaveLength(2);
      const calls = await callsDuring(platform, () =>
        webData(
          platform.bffWebUrl,
          `{ myOrders(first: 10) { edges { node { id status payment { status } shipment { status }
             lines { product { name image(size: THUMB) { url } } } } } } }`,
          {},
          alice,
        ),
      );
      expect(calls).toEqual({
        "OrdersService/ListMyOrders": 1,
        "PaymentsService/BatchGetPaymentsByOrder": 1,
        "ShippingService/BatchGetShipmentsByOrder": 1,
        "CatalogService/BatchGetProducts": 1,
      });
      const statusOnly = await callsDuring(platform, () =>
        webData(platform.bffWebUrl, `{ myOrders { edges { node { id status } } } }`, {}, alice),
      );
      expect(statusOnly).toEqual({ "OrdersService/ListMyOrders": 1 });
    });
  });

  describe("the authorization matrix (anonymous, customer, other customer, admin) on every operation", () => {
    describeWebAuthorizationMatrix(() => platform);
  });

  describe("when a service is down, the rest of the answer still comes", () => {
    it("reviews down: the product page has its product, with reviews and rating null and one UNAVAILABLE", async () => {
      const productPage = `query ($id: ID!) { product(id: $id) { name rating { count } reviews { edges { node { title } } } } }`;
      let answer: Awaited<ReturnType<typeof webQuery>> | undefined;
      await platform.restart("reviews", {
        whileDown: async () => {
          answer = await webQuery(platform.bffWebUrl, productPage, { id: SKILLET });
        },
      });
      expect(answer!.status).toBe(200);
      expect(answer!.data).toEqual({ product: { name: "Cast Iron Skillet", rating: null, reviews: null } });
      expect(answer!.errors).toHaveLength(1);
      const [error] = answer!.errors!;
      expect(error!.extensions!.code).toBe("UNAVAILABLE");
      expect([
        ["product", "rating"],
        ["product", "reviews"],
      ]).toContainEqual(error!.path);
      expect(JSON.stringify(answer!.errors)).not.toMatch(/at .*\.ts:\d+|stack/i);
      // Back: the page is whole again once the BFF's breaker for reviews has let a trial through.
      const whole = await eventually(
        () => webQuery<{ product: { rating: unknown } }>(platform.bffWebUrl, productPage, { id: SKILLET }),
        (a) => !a.errors,
      );
      expect(whole.data!.product.rating).not.toBeNull();
    });
  });

  // The graph's own answers about who is asking; the host's checks follow.
  describe("the BFF host around the graph", () => {
    it("answers anonymously from catalog; `me` is null with UNAUTHENTICATED beside it", async () => {
      const { status, body } = await bffQuery<{ categories: Array<{ slug: string }>; me: null }>(
        platform.bffWebUrl,
        "{ categories { id name slug } me { id } }",
      );
      expect(status).toBe(200);
      expect(body.data!.categories.map((c) => c.slug)).toContain("home-kitchen");
      expect(body.data!.me).toBeNull();
      expect(body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[["me"], "UNAUTHENTICATED"]]);
    });

    it("answers `me` with the signed-in customer's own profile, from the verified token", async () => {
      const { status, body } = await bffQuery(platform.bffWebUrl, "{ me { id displayName email } }", undefined, {
        authorization: `Bearer ${alice}`,
      });
      expect(status).toBe(200);
      expect(body).toEqual({
        data: {
          me: {
            id: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001",
            displayName: expect.any(String),
            email: "alice@example.test",
          },
        },
      });
    });
  });

  // Last: its final test stops bff-web.
  describeBffHostChecks("bff-web", () => platform, {
    valid: "{ me { id } }",
    unknownCategoryField: "{ categories { weightInGrams } }",
  });
});

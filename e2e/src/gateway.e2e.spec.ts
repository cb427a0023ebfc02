import pg from "pg";
import { SERVICES } from "@emporium/registry";
import {
  createTestVhost,
  gatewayQuery,
  startPlatform,
  testKeycloak,
  userToken,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";

type Products = {
  products: {
    edges: Array<{
      node: {
        id: string;
        name: string;
        category: { name: string };
        skus: Array<{ code: string; price: { amount: string; currency: string } }>;
      };
    }>;
    pageInfo: { hasNextPage: boolean };
  };
};

describe("through the gateway: catalog read from PostgreSQL", () => {
  let platform: RunningPlatform;
  let vhost: TestVhost;
  beforeAll(async () => {
    // A broker as with `npm start`: orders are checked out by the saga, and notifications follow them.
    vhost = await createTestVhost("e2e-gateway");
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
      amqpUrl: vhost.url,
      // The simulated carrier moves a parcel on every 5 s instead of every minute. Not faster: orders
      // only follows a parcel once the order is CONFIRMED, so the checkout's last two steps (capture,
      // commit) must finish before the parcel is delivered (two steps), even on a loaded machine.
      serviceEnv: { EMPORIUM_SHIPPING_CARRIER_STEP_MS: "5000", EMPORIUM_SHIPPING_CARRIER_INTERVAL_MS: "200" },
    });
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
    await vhost?.drop();
  });

  it("returns catalog products with categories and prices", async () => {
    const { status, body } = await gatewayQuery<Products>(
      platform.gatewayUrl,
      `{ products(first: 5, filter: { categoryId: "cat-kitchen" }) { edges { node { id name category { name } skus { code price { amount currency } } } } pageInfo { hasNextPage } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const edges = body.data!.products.edges;
    expect(edges).toHaveLength(5);
    expect(edges.every((e) => e.node.category.name === "Home & Kitchen")).toBe(true);
    expect(body.data!.products.pageInfo.hasNextPage).toBe(true);
  });

  it("joins catalog and inventory in one query: products with their availability", async () => {
    const { body } = await gatewayQuery<{
      products: {
        edges: Array<{
          node: {
            name: string;
            availability: { inStock: boolean; quantity: number; warehouses: Array<{ warehouseId: string }> } | null;
          };
        }>;
      };
    }>(
      platform.gatewayUrl,
      `{ products(first: 30) { edges { node { name availability { inStock quantity warehouses { warehouseId quantity } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.products.edges.map((e) => e.node);
    expect(nodes.every((n) => n.availability !== null)).toBe(true);
    expect(nodes.some((n) => n.availability!.inStock)).toBe(true);
    expect(nodes.some((n) => !n.availability!.inStock && n.availability!.quantity === 0)).toBe(true);
    expect(nodes[0]!.availability!.warehouses.map((w) => w.warehouseId)).toEqual(["wh-berlin", "wh-lyon", "wh-porto"]);
  });

  it("one query returns products with availability, rating and first reviews with author names", async () => {
    type Page = {
      products: {
        edges: Array<{
          node: {
            name: string;
            availability: { inStock: boolean } | null;
            rating: { average: number; count: number } | null;
            reviews: {
              edges: Array<{ node: { rating: number; author: { displayName: string; email: string | null } } }>;
            } | null;
          };
        }>;
      };
    };
    const { body } = await gatewayQuery<Page>(
      platform.gatewayUrl,
      `{ products(first: 8, filter: { categoryId: "cat-kitchen" }) { edges { node { name availability { inStock } rating { average count } reviews(first: 2) { edges { node { rating author { displayName } } } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const skillet = body.data!.products.edges.map((e) => e.node).find((n) => n.name === "Cast Iron Skillet")!;
    expect(skillet.rating).toMatchObject({ count: 3 });
    expect(skillet.reviews!.edges).toHaveLength(2);
    expect(skillet.reviews!.edges.every((e) => /^[A-Z][a-z]+ [A-Z]\.$/.test(e.node.author.displayName))).toBe(true);
    expect(skillet.availability).not.toBeNull();
  });

  it("through Review.author, a customer sees other authors' names but never their email", async () => {
    const alice = await userToken(testKeycloak(), "alice");
    const { body } = await gatewayQuery<{
      product: {
        reviews: { edges: Array<{ node: { author: { displayName: string; email: string | null } } }> } | null;
      };
    }>(
      platform.gatewayUrl,
      `{ product(id: "0192f000-0000-7000-8000-000000000001") { reviews(first: 10) { edges { node { author { displayName email } } } } } }`,
      undefined,
      { authorization: `Bearer ${alice}` },
    );
    const authors = body.data!.product.reviews!.edges.map((e) => e.node.author);
    expect(authors.find((a) => a.displayName === "Alice A.")!.email).toBe("alice@example.test");
    expect(authors.filter((a) => a.displayName !== "Alice A.").every((a) => a.email === null)).toBe(true);
    expect(body.errors!.every((e) => e.extensions!.code === "FORBIDDEN")).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/bob@|ada@/);
  });

  it("answers `me` through the gateway for the signed-in customer only", async () => {
    const alice = await userToken(testKeycloak(), "alice");
    const { body } = await gatewayQuery<{ me: { displayName: string; email: string } }>(
      platform.gatewayUrl,
      `{ me { displayName email } }`,
      undefined,
      { authorization: `Bearer ${alice}` },
    );
    expect(body).toEqual({ data: { me: { displayName: "Alice A.", email: "alice@example.test" } } });
    const anonymous = await gatewayQuery(platform.gatewayUrl, `{ me { displayName } }`);
    expect(anonymous.body.data).toEqual({ me: null });
    expect(anonymous.body.errors![0]!.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("a guest fills a cart, signs in and merges it; cart lines join their products from catalog", async () => {
    type Line = { skuId: string; quantity: number; product: { name: string }; unitPrice: { formatted: string } };
    type CartAnswer = { version: string; lines: Line[] };
    const [mug, tent] = ["0192f000-0000-7000-8000-000000000002", "0192f000-0000-7000-8000-0000000000a2"];
    const add = (skuId: string, quantity: number, cartToken: string | null, headers: Record<string, string> = {}) =>
      gatewayQuery<{ addCartLine: { cartToken: string | null; cart: CartAnswer } }>(
        platform.gatewayUrl,
        `mutation ($t: String, $s: ID!, $q: Int!) { addCartLine(input: { cartToken: $t, skuId: $s, quantity: $q }) {
           cartToken cart { version lines { skuId quantity product { name } unitPrice { formatted } } } } }`,
        { t: cartToken, s: skuId, q: quantity },
        headers,
      );
    const first = await add(mug, 2, null);
    expect(first.body.errors).toBeUndefined();
    const cartToken = first.body.data!.addCartLine.cartToken!;
    const guest = await add(tent, 1, cartToken);
    expect(guest.body.data!.addCartLine.cart.lines.map((l) => [l.quantity, l.product.name])).toEqual([
      [2, expect.any(String)],
      [1, expect.any(String)],
    ]);
    expect(guest.body.data!.addCartLine.cart.lines.every((l) => l.product.name.length > 0)).toBe(true);

    const alice = { authorization: `Bearer ${await userToken(testKeycloak(), "alice")}` };
    await add(mug, 1, null, alice);
    const merged = await gatewayQuery<{ mergeGuestCart: CartAnswer }>(
      platform.gatewayUrl,
      `mutation ($t: String!) { mergeGuestCart(input: { cartToken: $t }) { version lines { skuId quantity } } }`,
      { t: cartToken },
      alice,
    );
    expect(merged.body.errors).toBeUndefined();
    expect(merged.body.data!.mergeGuestCart.lines.map((l) => [l.skuId, l.quantity])).toEqual([
      [mug, 3],
      [tent, 1],
    ]);
    const spent = await gatewayQuery(platform.gatewayUrl, `query ($t: String) { cart(cartToken: $t) { id } }`, {
      t: cartToken,
    });
    expect(spent.body.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND" });
  });

  it("a customer gets a shipping quote: shipping prices it from catalog's SKU weights, with its own token", async () => {
    const alice = await userToken(testKeycloak(), "alice");
    const skillet = "0192f000-0000-7000-8000-000000000002"; // Cast Iron Skillet, 20 cm: 2600 g as packed
    const { body } = await gatewayQuery<{ product: { skus: Array<{ weightGrams: number }> }; shippingQuote: unknown }>(
      platform.gatewayUrl,
      `query ($sku: ID!) {
         product(id: "0192f000-0000-7000-8000-000000000001") { skus { weightGrams } }
         shippingQuote(input: { countryCode: "DE", postalCode: "10115", lines: [{ skuId: $sku, quantity: 2 }] }) {
           weightGrams price { formatted } } }`,
      { sku: skillet },
      { authorization: `Bearer ${alice}` },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.product.skus[0]).toEqual({ weightGrams: 2600 });
    // 5200 g: 6 started kilograms at home, €4.90 + 6 × €1.00.
    expect(body.data!.shippingQuote).toEqual({ weightGrams: 5200, price: { formatted: "€10.90" } });
  });

  it("a customer places their cart as an order with a key, and reads it by id and through me { orders }", async () => {
    const alice = { authorization: `Bearer ${await userToken(testKeycloak(), "alice")}` };
    const ask = <T>(query: string, variables: Record<string, unknown> = {}) =>
      gatewayQuery<T>(platform.gatewayUrl, query, variables, alice);
    const mug = "0192f000-0000-7000-8000-000000000002";
    await ask(`mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cart { id } } }`, { s: mug });
    const seen = await ask<{
      cart: { version: string; subtotal: { amount: string; currency: string } };
      me: { addresses: Array<{ id: string; countryCode: string; postalCode: string }> };
    }>(`{ cart { version subtotal { amount currency } } me { addresses { id countryCode postalCode } } }`);
    const { cart, me } = seen.body.data!;
    // Shipping to the address is quoted first: the order's total is the subtotal plus its price.
    const { countryCode, postalCode } = me.addresses[0]!;
    const quoted = await ask<{ shippingQuote: { id: string; price: { amount: string } } }>(
      `query ($c: String!, $p: String!, $s: ID!) {
         shippingQuote(input: { countryCode: $c, postalCode: $p, lines: [{ skuId: $s, quantity: 1 }] }) { id price { amount } } }`,
      { c: countryCode, p: postalCode, s: mug },
    );
    expect(quoted.body.errors).toBeUndefined();
    const quote = quoted.body.data!.shippingQuote;
    const total = (Number(cart.subtotal.amount) + Number(quote.price.amount)).toFixed(2);
    const place = () =>
      ask<{
        placeOrder: {
          id: string;
          status: string;
          total: { amount: string };
          lines: Array<{ product: { name: string } }>;
        };
      }>(
        `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status total { amount } lines { product { name } } } }`,
        {
          i: {
            idempotencyKey: `e2e-${Date.now()}`,
            cartVersion: cart.version,
            expectedTotal: { amount: total, currency: cart.subtotal.currency },
            shippingAddressId: me.addresses[0]!.id,
            shippingQuoteId: quote.id,
            paymentMethodToken: "tok_approve",
          },
        },
      );
    const placed = await place();
    expect(placed.body.errors).toBeUndefined();
    const order = placed.body.data!.placeOrder;
    expect(order).toMatchObject({ status: "PENDING", total: { amount: total } });
    expect(order.lines.every((l) => l.product.name.length > 0)).toBe(true);
    const read = await ask<{ order: { id: string }; me: { orders: { edges: Array<{ node: { id: string } }> } } }>(
      `query ($id: ID!) { order(id: $id) { id } me { orders(first: 1) { edges { node { id } } } } }`,
      { id: order.id },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.order.id).toBe(order.id);
    expect(read.body.data!.me.orders.edges[0]!.node.id).toBe(order.id);
    const bob = { authorization: `Bearer ${await userToken(testKeycloak(), "bob")}` };
    const other = await gatewayQuery<{ order: unknown }>(
      platform.gatewayUrl,
      `{ order(id: "${order.id}") { id } }`,
      {},
      bob,
    );
    expect(other.body.data?.order ?? null).toBeNull();
    expect(other.body.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND" });
  });

  it("a guest cart merged at sign-in becomes one order: a changed price, 20 retries and a reused key", async () => {
    type Cart = { version: string; subtotal: { amount: string; currency: string } };
    type Placed = { placeOrder: { id: string; status: string; total: { amount: string } } };
    const bob = { authorization: `Bearer ${await userToken(testKeycloak(), "bob")}` };
    const ask = <T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = bob) =>
      gatewayQuery<T>(platform.gatewayUrl, query, variables, headers);
    const listed = await ask<{ products: { edges: Array<{ node: { skus: Array<{ id: string }> } }> } }>(
      `{ products(first: 12) { edges { node { skus { id } } } } }`,
    );
    const [first, second, third] = listed.body.data!.products.edges.slice(8).map((e) => e.node.skus[0]!.id);

    // A guest fills a cart, then signs in as bob and merges it.
    const guest = await ask<{ addCartLine: { cartToken: string } }>(
      `mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 2 }) { cartToken } }`,
      { s: first },
      {},
    );
    const cartToken = guest.body.data!.addCartLine.cartToken;
    await ask(
      `mutation ($t: String, $s: ID!) { addCartLine(input: { cartToken: $t, skuId: $s, quantity: 1 }) { cartToken } }`,
      {
        t: cartToken,
        s: second,
      },
      {},
    );
    const merged = await ask<{ mergeGuestCart: { lines: Array<{ skuId: string; quantity: number }> } }>(
      `mutation ($t: String!) { mergeGuestCart(input: { cartToken: $t }) { lines { skuId quantity } } }`,
      { t: cartToken },
    );
    expect(merged.body.data!.mergeGuestCart.lines).toEqual(
      expect.arrayContaining([
        { skuId: first, quantity: 2 },
        { skuId: second, quantity: 1 },
      ]),
    );
    const readCart = async () =>
      (await ask<{ cart: Cart }>(`{ cart { version subtotal { amount currency } } }`)).body.data!.cart;
    type Address = { id: string; countryCode: string; postalCode: string };
    const address = (await ask<{ me: { addresses: Address[] } }>(`{ me { addresses { id countryCode postalCode } } }`))
      .body.data!.me.addresses[0]!;
    // Shipping to bob's address is quoted for the merged lines; every total below adds its price.
    const quoted = await ask<{ shippingQuote: { id: string; price: { amount: string } } }>(
      `query ($i: ShippingQuoteInput!) { shippingQuote(input: $i) { id price { amount } } }`,
      {
        i: {
          countryCode: address.countryCode,
          postalCode: address.postalCode,
          lines: merged.body.data!.mergeGuestCart.lines,
        },
      },
    );
    expect(quoted.body.errors).toBeUndefined();
    const quote = quoted.body.data!.shippingQuote;
    const totalOf = (cart: Cart) => (Number(cart.subtotal.amount) + Number(quote.price.amount)).toFixed(2);
    const placeInput = (key: string, cart: Cart) => ({
      idempotencyKey: key,
      cartVersion: cart.version,
      expectedTotal: { amount: totalOf(cart), currency: cart.subtotal.currency },
      shippingAddressId: address.id,
      shippingQuoteId: quote.id,
      paymentMethodToken: "tok_approve",
    });
    const place = (input: ReturnType<typeof placeInput>) =>
      ask<Placed>(`mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status total { amount } } }`, {
        i: input,
      });

    // The catalog changes a price after bob read his cart: refused, per line, and the cart is repriced.
    const seen = await readCart();
    const catalogDb = new pg.Client({ connectionString: platform.catalogDatabaseUrl });
    await catalogDb.connect();
    await catalogDb.query("UPDATE skus SET price_minor = price_minor + 100 WHERE id = $1", [first]);
    await catalogDb.end();
    const stale = await place(placeInput(`e2e-stale-${Date.now()}`, seen));
    expect(stale.body.errors![0]!.extensions).toMatchObject({
      code: "FAILED_PRECONDITION",
      violations: expect.arrayContaining([expect.objectContaining({ ruleId: "price.changed" })]),
    });
    const repriced = await readCart();
    expect(BigInt(repriced.version)).toBeGreaterThan(BigInt(seen.version));
    expect(Number(repriced.subtotal.amount)).toBe(Number(seen.subtotal.amount) + 2);

    // One key sent 20 times at once: one order, and every answer names it.
    const key = `e2e-checkout-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => place(placeInput(key, repriced))));
    const ids = new Set(answers.map((a) => a.body.data?.placeOrder.id));
    expect(answers.flatMap((a) => a.body.errors ?? [])).toEqual([]);
    expect(ids.size).toBe(1);
    const [orderId] = [...ids] as string[];
    expect(answers[0]!.body.data!.placeOrder).toMatchObject({
      status: "PENDING",
      total: { amount: totalOf(repriced) },
    });

    // The same key for a different cart is refused.
    await ask(`mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cart { id } } }`, { s: third });
    const reused = await place(placeInput(key, await readCart()));
    expect(reused.body.errors![0]!.extensions).toMatchObject({
      code: "FAILED_PRECONDITION",
      violations: [expect.objectContaining({ ruleId: "idempotency_key.reused" })],
    });

    // Read back at once, by id and through Customer.orders: exactly one order from those 20 requests.
    const read = await ask<{ order: { id: string }; me: { orders: { edges: Array<{ node: { id: string } }> } } }>(
      `query ($id: ID!) { order(id: $id) { id } me { orders(first: 100) { edges { node { id } } } } }`,
      { id: orderId },
    );
    expect(read.body.data!.order.id).toBe(orderId);
    expect(read.body.data!.me.orders.edges.filter((e) => e.node.id === orderId)).toHaveLength(1);
    expect(read.body.data!.me.orders.edges).toHaveLength(1);
  });

  it("the checkout confirms an order placed through the gateway, the parcel is delivered, and the customer hears of each step", async () => {
    type Product = {
      id: string;
      skus: Array<{ id: string }>;
      availability: { inStock: boolean; quantity: number } | null;
    };
    const alice = { authorization: `Bearer ${await userToken(testKeycloak(), "alice")}` };
    const ask = async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const { body } = await gatewayQuery<T>(platform.gatewayUrl, query, variables, alice);
      expect(body.errors).toBeUndefined();
      return body.data!;
    };
    const productQuery = `query ($id: ID!) { product(id: $id) { id skus { id } availability { inStock quantity } } }`;
    // A product of one SKU in stock that no other test here orders (they take the first twelve).
    const listed = await ask<{ products: { edges: Array<{ node: Product }> } }>(
      `{ products(first: 40) { edges { node { id skus { id } availability { inStock quantity } } } } }`,
    );
    const product = listed.products.edges
      .slice(12)
      .map((e) => e.node)
      .find((p) => p.skus.length === 1 && (p.availability?.quantity ?? 0) >= 2)!;
    expect(product).toBeDefined();
    const skuId = product.skus[0]!.id;

    await ask(`mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 2 }) { cart { id } } }`, { s: skuId });
    const { cart, me } = await ask<{
      cart: { version: string; subtotal: { amount: string; currency: string } };
      me: { addresses: Array<{ id: string; countryCode: string; postalCode: string }> };
    }>(`{ cart { version subtotal { amount currency } } me { addresses { id countryCode postalCode } } }`);
    const address = me.addresses[0]!;
    const { shippingQuote: quote } = await ask<{ shippingQuote: { id: string; price: { amount: string } } }>(
      `query ($i: ShippingQuoteInput!) { shippingQuote(input: $i) { id price { amount } } }`,
      { i: { countryCode: address.countryCode, postalCode: address.postalCode, lines: [{ skuId, quantity: 2 }] } },
    );
    const { placeOrder: order } = await ask<{ placeOrder: { id: string; status: string } }>(
      `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }`,
      {
        i: {
          idempotencyKey: `e2e-saga-${Date.now()}`,
          cartVersion: cart.version,
          expectedTotal: {
            amount: (Number(cart.subtotal.amount) + Number(quote.price.amount)).toFixed(2),
            currency: cart.subtotal.currency,
          },
          shippingAddressId: address.id,
          shippingQuoteId: quote.id,
          paymentMethodToken: "tok_approve",
        },
      },
    );
    expect(order.status).toBe("PENDING");

    // Stock reserved, payment authorised, parcel booked, payment captured, stock committed: CONFIRMED;
    // then the carrier takes the parcel (SHIPPED) and hands it over (DELIVERED).
    type Notice = { kind: string; order: { id: string; status: string } | null };
    const noticesOfOrder = async () =>
      (
        await ask<{ myNotifications: { edges: Array<{ node: Notice }> } }>(
          `{ myNotifications(first: 50) { edges { node { kind order { id status } } } } }`,
        )
      ).myNotifications.edges
        .map((e) => e.node)
        .filter((n) => n.order?.id === order.id);
    const statusOf = async () =>
      (await ask<{ order: { status: string } }>(`query ($id: ID!) { order(id: $id) { status } }`, { id: order.id }))
        .order.status;
    // The notifications and the order's read model follow the same events, each at its own pace:
    // wait until both tell the end of the story.
    const deadline = Date.now() + 90_000;
    let notices: Notice[] = [];
    const delivered = (n: Notice) => n.order?.status === "DELIVERED";
    while (
      (notices = await noticesOfOrder()).length < 3 ||
      !notices.every(delivered) ||
      (await statusOf()) !== "DELIVERED"
    ) {
      if (Date.now() > deadline)
        throw new Error(
          `order ${order.id} is ${await statusOf()}, not DELIVERED, after 90 s; notified: ${JSON.stringify(notices)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(notices.map((n) => n.kind).sort()).toEqual(["ORDER_CONFIRMED", "ORDER_DELIVERED", "ORDER_SHIPPED"]);
    // The two units left the warehouse: the product's stock is two lower than before the order.
    const after = await ask<{ product: Product }>(productQuery, { id: product.id });
    expect(after.product.availability!.quantity).toBe(product.availability!.quantity - 2);
  }, 120_000);

  it("watching a product through the gateway: watchedByMe joins into catalog products, per caller", async () => {
    const [alice, bob] = await Promise.all([userToken(testKeycloak(), "alice"), userToken(testKeycloak(), "bob")]);
    const id = "0192f000-0000-7000-8000-000000000021";
    const watched = await gatewayQuery<{ watchProduct: { name: string; watchedByMe: boolean | null } }>(
      platform.gatewayUrl,
      `mutation($id: ID!) { watchProduct(productId: $id) { name watchedByMe } }`,
      { id },
      { authorization: `Bearer ${alice}` },
    );
    expect(watched.body.errors).toBeUndefined();
    expect(watched.body.data!.watchProduct.watchedByMe).toBe(true);
    expect(watched.body.data!.watchProduct.name.length).toBeGreaterThan(0);
    const read = (token?: string) =>
      gatewayQuery<{ product: { id: string; watchedByMe: boolean | null } }>(
        platform.gatewayUrl,
        `query($id: ID!) { product(id: $id) { id watchedByMe } }`,
        { id },
        token ? { authorization: `Bearer ${token}` } : {},
      );
    expect((await read(alice)).body).toEqual({ data: { product: { id, watchedByMe: true } } });
    expect((await read(bob)).body).toEqual({ data: { product: { id, watchedByMe: false } } });
    expect((await read()).body).toEqual({ data: { product: { id, watchedByMe: false } } });
    // Watching notifies nobody by itself (ada has placed no order here, so nothing else notified her).
    const ada = await userToken(testKeycloak(), "ada");
    const mine = await gatewayQuery<{ myNotifications: { edges: unknown[] } }>(
      platform.gatewayUrl,
      `{ myNotifications(first: 5) { edges { node { id } } pageInfo { hasNextPage } } }`,
      undefined,
      { authorization: `Bearer ${ada}` },
    );
    expect(mine.body).toEqual({ data: { myNotifications: { edges: [], pageInfo: { hasNextPage: false } } } });
  });

  it("reads what is in the database, not a copy: a change in PostgreSQL shows in the next query", async () => {
    const { body } = await gatewayQuery<Products>(
      platform.gatewayUrl,
      `{ products(first: 1) { edges { node { id name } } } }`,
    );
    const first = body.data!.products.edges[0]!.node;
    const db = new pg.Client({ connectionString: platform.catalogDatabaseUrl });
    await db.connect();
    await db.query("UPDATE products SET description = 'changed behind the API' WHERE id = $1", [first.id]);
    await db.end();
    const again = await gatewayQuery<{ product: { description: string } }>(
      platform.gatewayUrl,
      `query($id: ID!) { product(id: $id) { description } }`,
      { id: first.id },
    );
    expect(again.body.data!.product.description).toBe("changed behind the API");
  });

  it("answers an unknown product with null and a NOT_FOUND error, without a stack trace", async () => {
    const { body } = await gatewayQuery(platform.gatewayUrl, `{ product(id: "no-such-id") { id name } }`, undefined, {
      "x-request-id": "e2e-req-1",
    });
    expect(body.data).toEqual({ product: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      message: 'product "no-such-id" does not exist',
      path: ["product"],
      extensions: { code: "NOT_FOUND", requestId: "e2e-req-1" },
    });
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|\.ts:\d+|at [A-Za-z.]+ \(/);
  });

  it("reports an admin's bad mutation input as BAD_USER_INPUT with violations", async () => {
    const admin = await userToken(testKeycloak(), "ada");
    const { body } = await gatewayQuery(
      platform.gatewayUrl,
      `mutation { createProduct(input: { name: "", categoryId: "cat-books", skus: [] }) { id } }`,
      undefined,
      { authorization: `Bearer ${admin}` },
    );
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: expect.arrayContaining([
        expect.objectContaining({ field: "name" }),
        expect.objectContaining({ field: "skus", ruleId: "repeated.min_items" }),
      ]),
    });
    expect(JSON.stringify(body)).not.toContain("stacktrace");
  });

  it("refuses a malformed query with a GraphQL validation error", async () => {
    const { status, body } = await gatewayQuery(
      platform.gatewayUrl,
      `{ products(first: 2) { edges { node { nope } } } }`,
    );
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED" });
    expect(JSON.stringify(body)).not.toContain("stacktrace");
  });

  it("reports its readiness from the subgraphs", async () => {
    const res = await fetch(`${platform.gatewayUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "SERVING",
      // One check per subgraph the registry lists, with its breaker; only catalog's can fail it (by default).
      checks: Object.fromEntries(
        SERVICES.filter((s) => s.subgraph).map((s) => [
          s.name,
          { ok: true, required: s.name === "catalog", breaker: "closed" },
        ]),
      ),
    });
  });
});

import { Code, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { fromBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { ReserveStockCommandSchema } from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import { OrderStatus, OrderStep } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { violationsOf } from "@emporium/platform";
import {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  rpcError,
  rpcOutcome,
  serviceToken,
  startServices,
  testKeycloak,
  withBearer,
  type MatrixTokens,
  type RunningServices,
} from "@emporium/testing";
import pg from "pg";
import { uuidv7 } from "uuidv7";
import { PgCartRepository } from "../src/db/cart-repository";
import { addLine, removeLine, type PricedSku } from "../src/domain/cart";
import { takeCheckoutNews } from "../src/application/checkout-progress";
import { ALICE, ADA, BOB, commandsOf, startOrders, waitForStatus, type RunningOrders } from "./orders-harness";

/** PlaceOrder against the real catalog (prices), customers (addresses) and shipping (quotes) as processes. */
describe("placing orders", () => {
  let upstream: RunningServices<"catalog" | "customers" | "shipping">;
  let svc: RunningOrders;
  let catalog: Client<typeof CatalogService>;
  const skus: PricedSku[] = [];
  let tokens: MatrixTokens;
  const addressOf: Record<string, string> = {};
  /** Each customer's quote to their address (a parcel of one blue mug), and what it costs. */
  const quoteOf: Record<string, { id: string; priceMinor: bigint }> = {};
  const BERLIN = { countryCode: "DE", postalCode: "10115" };

  const client = <S extends typeof CatalogService | typeof CustomersService | typeof ShippingService>(
    service: S,
    url: string,
    token: string,
  ) => createClient(service, createGrpcTransport({ baseUrl: url, interceptors: withBearer(token) }));
  const tokenOf = (customerId: string) =>
    ({ [ALICE]: svc.tokens.alice, [BOB]: svc.tokens.bob, [ADA]: svc.tokens.ada })[customerId]!;
  /** A quote of shipping's, asked for by the customer (to Berlin unless told). */
  async function quote(customerId: string, destination = BERLIN) {
    const shipping = client(ShippingService, upstream.services.shipping.rpcUrl, tokenOf(customerId));
    const { quote } = await shipping.quoteShipping({ destination, lines: [{ skuId: skus[0]!.skuId, quantity: 1 }] });
    return { id: quote!.id, priceMinor: quote!.price!.amountMinor };
  }

  beforeAll(async () => {
    upstream = await startServices(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, ["catalog", "customers", "shipping"]);
    svc = await startOrders({
      EMPORIUM_CATALOG_RPC_URL: upstream.services.catalog.rpcUrl,
      EMPORIUM_CUSTOMERS_RPC_URL: upstream.services.customers.rpcUrl,
      EMPORIUM_SHIPPING_RPC_URL: upstream.services.shipping.rpcUrl,
    });
    catalog = client(CatalogService, upstream.services.catalog.rpcUrl, svc.tokens.ada);
    const { product } = await catalog.createProduct({
      name: "Order spec mug",
      categoryId: "cat-kitchen",
      skus: [
        { code: "ORD-MUG-BLUE", name: "Blue", price: { currencyCode: "EUR", amountMinor: 1250n }, weightGrams: 400 },
        { code: "ORD-MUG-RED", name: "Red", price: { currencyCode: "EUR", amountMinor: 1399n }, weightGrams: 400 },
      ],
    });
    for (const s of product!.skus)
      skus.push({
        skuId: s.id,
        productId: product!.id,
        name: s.name,
        unitPrice: { currency: "EUR", amountMinor: s.price!.amountMinor },
      });
    for (const [who, token] of [
      [ALICE, svc.tokens.alice],
      [BOB, svc.tokens.bob],
      [ADA, svc.tokens.ada],
    ] as const) {
      const customers = client(CustomersService, upstream.services.customers.rpcUrl, token);
      const added = await customers.addMyAddress({
        address: { recipient: `R ${who}`, line1: "1 Main St", postalCode: "10115", city: "Berlin", countryCode: "DE" },
      });
      addressOf[who] = added.customer!.addresses.at(-1)!.id;
      quoteOf[who] = await quote(who);
    }
    tokens = await matrixTokens(testKeycloak(), {
      wrongAudience: {
        name: "a service token for another service",
        token: await serviceToken(testKeycloak(), "inventory"),
      },
    });
  }, 240_000);
  afterAll(async () => {
    await svc?.stop();
    await upstream?.stop();
  });

  /** Puts lines in the customer's cart (the carts' own repository and rules); returns its version. */
  async function fillCart(customerId: string, lines: Array<[PricedSku, number]>): Promise<bigint> {
    return new PgCartRepository(svc.app.pool).transaction(async (tx) => {
      let cart = await tx.customerCart(customerId, uuidv7(), new Date());
      for (const [sku, quantity] of lines) cart = addLine(cart, sku, quantity);
      await tx.save(cart, new Date());
      return cart.version;
    });
  }
  const cartOf = (customerId: string) => new PgCartRepository(svc.app.pool).findCustomerCart(customerId);
  /** A placement of the cart at this subtotal, shipped under the customer's quote (the total adds its price). */
  const request = (
    customerId: string,
    cartVersion: bigint,
    subtotalMinor: bigint,
    extra: { shippingAddressId?: string; shippingQuoteId?: string } = {},
  ) => ({
    idempotencyKey: uuidv7(),
    cartVersion,
    expectedTotal: { currencyCode: "EUR", amountMinor: subtotalMinor + (quoteOf[customerId]?.priceMinor ?? 0n) },
    shippingAddressId: addressOf[customerId]!,
    paymentMethodToken: "tok_approve",
    shippingQuoteId: quoteOf[customerId]?.id ?? "no-quote",
    ...extra,
  });
  /** Makes the quote as if asked for 31 minutes ago: it expired a minute ago. */
  async function expire(quoteId: string) {
    const shippingDb = new pg.Client({ connectionString: upstream.services.shipping.databaseUrl });
    await shippingDb.connect();
    try {
      await shippingDb.query(
        `UPDATE quotes SET create_time = create_time - interval '31 minutes',
                           expire_time = expire_time - interval '31 minutes' WHERE id = $1`,
        [quoteId],
      );
    } finally {
      await shippingDb.end();
    }
  }
  const count = async (sql: string, params: unknown[] = []) =>
    (await svc.app.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
  const ordersOf = (customerId: string) =>
    count("SELECT count(*)::int AS n FROM order_placements WHERE customer_id = $1", [customerId]);

  it("places the cart as a PENDING order with the address snapshot, shipped at the quote's price; the cart is emptied; the customer reads it at once", async () => {
    const version = await fillCart(ALICE, [
      [skus[0]!, 2],
      [skus[1]!, 1],
    ]);
    const alice = svc.client(svc.tokens.alice);
    const { order } = await alice.placeOrder(request(ALICE, version, 2n * 1250n + 1399n));
    expect(order).toMatchObject({
      customerId: ALICE,
      status: OrderStatus.PENDING,
      statusSequence: 1n,
      lines: [
        { skuId: skus[0]!.skuId, productId: skus[0]!.productId, quantity: 2n, unitPrice: { amountMinor: 1250n } },
        { skuId: skus[1]!.skuId, quantity: 1n, unitPrice: { amountMinor: 1399n } },
      ],
      shippingAddress: { addressId: addressOf[ALICE], recipient: `R ${ALICE}`, city: "Berlin", countryCode: "DE" },
      subtotal: { currencyCode: "EUR", amountMinor: 3899n },
      // Domestic, one started kilogram: 4.90 + 1.00.
      shipping: { currencyCode: "EUR", amountMinor: 590n },
      total: { currencyCode: "EUR", amountMinor: 3899n + 590n },
    });
    expect(quoteOf[ALICE]!.priceMinor).toBe(590n);
    expect((await cartOf(ALICE))!.lines).toEqual([]);
    // Read your writes: the read model has it on the very next call, by id, in the list and on the graph.
    expect((await alice.getOrder({ id: order!.id })).order).toEqual(order);
    expect((await alice.listMyOrders({ pageSize: 1 })).orders[0]!.id).toBe(order!.id);
    const graph = await svc.graphql<{
      _entities: Array<{ orders: { edges: Array<{ node: { id: string; total: { amount: string } } }> } }>;
    }>(
      `{ _entities(representations: [{ __typename: "Customer", id: "${ALICE}" }]) { ... on Customer { orders(first: 1) { edges { node { id total { amount } } } } } } }`,
      {},
      svc.tokens.alice,
    );
    expect(graph.body.data?._entities[0]!.orders.edges[0]!.node).toEqual({ id: order!.id, total: { amount: "44.89" } });
    const { rows } = await svc.app.pool.query("SELECT payment_method_token FROM order_placements WHERE order_id = $1", [
      order!.id,
    ]);
    expect(rows).toEqual([{ payment_method_token: "tok_approve" }]);
    // The checkout's first command was recorded with the order: reserve its stock, held past every step.
    const commands = await commandsOf(svc, order!.id);
    expect(commands.map((c) => c.type)).toEqual(["ReserveStockCommand"]);
    const reserve = fromBinary(ReserveStockCommandSchema, commands[0]!.payload);
    expect(reserve).toMatchObject({
      orderId: order!.id,
      correlationId: `${order!.id}:reserve-stock`,
      lines: [
        { skuId: skus[0]!.skuId, quantity: 2n },
        { skuId: skus[1]!.skuId, quantity: 1n },
      ],
    });
    const expires = timestampDate(reserve.expireTime!).getTime();
    expect(timestampDate(reserve.holdUntil!).getTime()).toBeGreaterThan(expires + 4 * 600_000);
    expect(order!.awaitedStep).toBe(OrderStep.RESERVE_STOCK);
  });

  it("a retry with the same key returns the first order, even once its quote expired; the same key with another request is refused", async () => {
    const version = await fillCart(ALICE, [[skus[0]!, 1]]);
    const alice = svc.client(svc.tokens.alice);
    const first = request(ALICE, version, 1250n, { shippingQuoteId: (await quote(ALICE)).id });
    const { order } = await alice.placeOrder(first);
    expect((await alice.placeOrder(first)).order!.id).toBe(order!.id);
    await expire(first.shippingQuoteId);
    expect((await alice.placeOrder(first)).order).toEqual(order);
    const before = await ordersOf(ALICE);
    const reused = await rpcError(alice.placeOrder({ ...first, paymentMethodToken: "tok_other_card" }));
    expect(reused.code).toBe(Code.FailedPrecondition);
    expect(violationsOf(reused)).toEqual([
      expect.objectContaining({ field: "idempotency_key", ruleId: "idempotency_key.reused" }),
    ]);
    expect(await ordersOf(ALICE)).toBe(before);
  });

  it("the same key sent 20 times at once yields exactly one order", async () => {
    const version = await fillCart(BOB, [[skus[1]!, 3]]);
    const bob = svc.client(svc.tokens.bob);
    const same = request(BOB, version, 3n * 1399n);
    const before = await ordersOf(BOB);
    const answers = await Promise.all(Array.from({ length: 20 }, () => bob.placeOrder(same)));
    expect(new Set(answers.map((a) => a.order!.id)).size).toBe(1);
    expect(await ordersOf(BOB)).toBe(before + 1);
    const placedEvents = await count(
      "SELECT count(*)::int AS n FROM order_events WHERE stream_id = $1 AND type = 'emporium.orders.v1.OrderPlaced'",
      [answers[0]!.order!.id],
    );
    expect(placedEvents).toBe(1);
  });

  it("a price changed since the cart was read is refused with price.changed per line; the cart is repriced", async () => {
    const version = await fillCart(BOB, [
      [skus[0]!, 1],
      [skus[1]!, 1],
    ]);
    await catalog.updateProduct({
      id: skus[0]!.productId,
      prices: [{ skuId: skus[0]!.skuId, price: { currencyCode: "EUR", amountMinor: 1500n } }],
    });
    const before = await ordersOf(BOB);
    const err = await rpcError(svc.client(svc.tokens.bob).placeOrder(request(BOB, version, 1250n + 1399n)));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(violationsOf(err)).toEqual([
      expect.objectContaining({ field: "cart.lines[0].unit_price", ruleId: "price.changed" }),
      expect.objectContaining({ field: "expected_total", ruleId: "price.changed" }),
    ]);
    expect(await ordersOf(BOB)).toBe(before);
    const repriced = (await cartOf(BOB))!;
    expect(repriced.version).toBe(version + 1n);
    expect(repriced.lines.map((l) => l.unitPrice.amountMinor)).toEqual([1500n, 1399n]);
    // With the new prices seen, it goes through.
    const { order } = await svc.client(svc.tokens.bob).placeOrder(request(BOB, repriced.version, 1500n + 1399n));
    expect(order!.total!.amountMinor).toBe(2899n + 590n);
    skus[0] = { ...skus[0]!, unitPrice: { currency: "EUR", amountMinor: 1500n } };
  });

  it("refuses a stale cart version, an empty cart and an address that is not the caller's, writing nothing", async () => {
    const version = await fillCart(ALICE, [[skus[1]!, 1]]);
    const alice = svc.client(svc.tokens.alice);
    const before = await ordersOf(ALICE);
    const stale = await rpcError(alice.placeOrder(request(ALICE, version - 1n, 1399n)));
    expect([stale.code, violationsOf(stale)[0]?.ruleId]).toEqual([Code.FailedPrecondition, "cart.version"]);
    const foreign = await rpcError(
      alice.placeOrder(request(ALICE, version, 1399n, { shippingAddressId: addressOf[BOB]! })),
    );
    expect([foreign.code, violationsOf(foreign)[0]?.ruleId]).toEqual([Code.FailedPrecondition, "address.exists"]);
    await alice.placeOrder(request(ALICE, version, 1399n));
    const empty = await rpcError(alice.placeOrder(request(ALICE, version + 1n, 1399n)));
    expect(empty.code).toBe(Code.FailedPrecondition);
    expect(await ordersOf(ALICE)).toBe(before + 1);
  });

  it("refuses an unknown quote, another person's, an expired one and one to another destination, writing nothing", async () => {
    const version = await fillCart(ALICE, [[skus[1]!, 1]]);
    const alice = svc.client(svc.tokens.alice);
    const before = await ordersOf(ALICE);
    const refusalOf = async (shippingQuoteId: string) => {
      const err = await rpcError(alice.placeOrder(request(ALICE, version, 1399n, { shippingQuoteId })));
      return [err.code, violationsOf(err).map((v) => [v.field, v.ruleId])];
    };
    const because = (ruleId: string) => [Code.FailedPrecondition, [["shipping_quote_id", ruleId]]];
    expect(await refusalOf(uuidv7())).toEqual(because("quote.exists"));
    // bob's quote is to the same place at the same price: it is still not alice's to use.
    expect(await refusalOf(quoteOf[BOB]!.id)).toEqual(because("quote.exists"));
    expect(await refusalOf((await quote(ALICE, { countryCode: "DE", postalCode: "80331" })).id)).toEqual(
      because("quote.destination"),
    );
    const expired = await quote(ALICE);
    await expire(expired.id);
    expect(await refusalOf(expired.id)).toEqual(because("quote.expired"));
    expect(await ordersOf(ALICE)).toBe(before);
    expect((await cartOf(ALICE))!.version).toBe(version);
    // With her own quote to the address, it goes through.
    await alice.placeOrder(request(ALICE, version, 1399n));
    expect(await ordersOf(ALICE)).toBe(before + 1);
  });

  it("refuses a quote in another currency than the cart's", async () => {
    const { product } = await catalog.createProduct({
      name: "Order spec dollar mug",
      categoryId: "cat-kitchen",
      skus: [
        { code: "ORD-MUG-USD", name: "Green", price: { currencyCode: "USD", amountMinor: 1100n }, weightGrams: 400 },
      ],
    });
    const usd = product!.skus[0]!;
    const version = await fillCart(BOB, [
      [
        { skuId: usd.id, productId: product!.id, name: usd.name, unitPrice: { currency: "USD", amountMinor: 1100n } },
        1,
      ],
    ]);
    const err = await rpcError(
      svc.client(svc.tokens.bob).placeOrder({
        ...request(BOB, version, 0n),
        expectedTotal: { currencyCode: "USD", amountMinor: 1100n + quoteOf[BOB]!.priceMinor },
      }),
    );
    expect([err.code, violationsOf(err).map((v) => [v.field, v.ruleId])]).toEqual([
      Code.FailedPrecondition,
      [["shipping_quote_id", "quote.currency"]],
    ]);
    await new PgCartRepository(svc.app.pool).transaction(async (tx) => {
      await tx.save(removeLine(await tx.customerCart(BOB, uuidv7(), new Date()), usd.id), new Date());
    });
  });

  it("invalid input is INVALID_ARGUMENT with violations, over RPC and GraphQL, and writes nothing", async () => {
    const before = await count("SELECT count(*)::int AS n FROM order_events");
    const bad = await rpcError(
      svc.client(svc.tokens.alice).placeOrder({
        idempotencyKey: "short",
        cartVersion: 0n,
        shippingAddressId: "",
        paymentMethodToken: "4111-1111",
      }),
    );
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(bad)
        .map((v) => v.field)
        .sort(),
    ).toEqual(
      [
        "cart_version",
        "expected_total",
        "idempotency_key",
        "payment_method_token",
        "shipping_address_id",
        "shipping_quote_id",
      ].sort(),
    );
    const gql = await svc.graphql<unknown>(
      `mutation { placeOrder(input: { idempotencyKey: "short", cartVersion: "0", expectedTotal: { amount: "1.234", currency: "EUR" },
         shippingAddressId: "", paymentMethodToken: "card 4111", shippingQuoteId: "" }) { id } }`,
      {},
      svc.tokens.alice,
    );
    expect(gql.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const fields = (gql.body.errors?.[0]?.extensions.violations as Array<{ field: string }>).map((v) => v.field).sort();
    expect(fields).toEqual(
      [
        "cartVersion",
        "expectedTotal.amount",
        "idempotencyKey",
        "paymentMethodToken",
        "shippingAddressId",
        "shippingQuoteId",
      ].sort(),
    );
    const cancel = await svc.graphql<unknown>(
      `mutation { cancelOrder(input: { orderId: "", reason: "${"x".repeat(201)}" }) { id } }`,
      {},
      svc.tokens.alice,
    );
    expect(cancel.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [expect.objectContaining({ field: "orderId" }), expect.objectContaining({ field: "reason" })],
    });
    const rpcCancel = await rpcError(svc.client(svc.tokens.alice).cancelOrder({ orderId: "" }));
    expect([rpcCancel.code, violationsOf(rpcCancel).map((v) => v.field)]).toEqual([Code.InvalidArgument, ["order_id"]]);
    expect(await count("SELECT count(*)::int AS n FROM order_events")).toBe(before);
  });

  it("a customer cancels their PENDING order once; another customer's order is NOT_FOUND by every path; admins read all", async () => {
    const version = await fillCart(ALICE, [[skus[1]!, 2]]);
    const alice = svc.client(svc.tokens.alice);
    const bob = svc.client(svc.tokens.bob);
    const { order } = await alice.placeOrder(request(ALICE, version, 2n * 1399n));
    const id = order!.id;
    expect((await rpcError(bob.getOrder({ id }))).code).toBe(Code.NotFound);
    expect((await rpcError(bob.cancelOrder({ orderId: id }))).code).toBe(Code.NotFound);
    expect((await bob.listMyOrders({ pageSize: 100 })).orders.map((o) => o.id)).not.toContain(id);
    const byId = await svc.graphql<{ order: unknown }>(`{ order(id: "${id}") { id } }`, {}, svc.tokens.bob);
    expect([byId.body.data?.order, byId.body.errors?.[0]?.extensions.code]).toEqual([null, "NOT_FOUND"]);
    const entity = await svc.graphql<{ _entities: unknown[] }>(
      `{ _entities(representations: [{ __typename: "Order", id: "${id}" }]) { ... on Order { id } } }`,
      {},
      svc.tokens.bob,
    );
    expect(entity.body.data?._entities).toEqual([null]);
    const list = await svc.graphql<{ _entities: Array<{ orders: unknown }> }>(
      `{ _entities(representations: [{ __typename: "Customer", id: "${ALICE}" }]) { ... on Customer { orders { edges { node { id } } } } } }`,
      {},
      svc.tokens.bob,
    );
    expect(list.body.data?._entities).toEqual([{ orders: null }]);
    // Admins read every order, by id and by status.
    const admin = svc.client(svc.tokens.ada);
    expect((await admin.getOrder({ id })).order!.customerId).toBe(ALICE);
    const pending = await admin.listOrdersByStatus({ status: OrderStatus.PENDING, pageSize: 100 });
    expect(pending.orders.map((o) => o.id)).toContain(id);
    // The owner cancels: the reservation in flight is released first; a second cancel is FAILED_PRECONDITION.
    const cancelling = await alice.cancelOrder({ orderId: id, reason: "ordered twice" });
    expect(cancelling.order).toMatchObject({
      status: OrderStatus.PENDING,
      cancellation: { reason: "ordered twice", refusal: "" },
      awaitedStep: OrderStep.RELEASE_RESERVATION,
    });
    expect((await rpcError(alice.cancelOrder({ orderId: id }))).code).toBe(Code.FailedPrecondition);
    await takeCheckoutNews(svc.app.deps, svc.app.deps.orders, { requestId: "spec" }, id, {
      kind: "succeeded",
      correlationId: `${id}:release-reservation`,
    });
    const cancelled = await waitForStatus(svc, id, ["CANCELLED"]);
    expect(cancelled).toMatchObject({ statusSequence: 2, statusReason: "ordered twice" });
    expect((await rpcError(alice.cancelOrder({ orderId: id }))).code).toBe(Code.FailedPrecondition);
    const after = await admin.listOrdersByStatus({ status: OrderStatus.CANCELLED, pageSize: 100 });
    expect(after.orders.map((o) => o.id)).toContain(id);
  });

  describe("who may place orders", () => {
    /** The token's subject (the admin's, whose claims the one-defect tokens carry, for a token that is none). */
    const ownerOf = (t: string | undefined) =>
      (
        JSON.parse(
          Buffer.from((t ?? tokens.identities.admin!).split(".")[1] ?? "", "base64url").toString() || "{}",
        ) as {
          sub?: string;
        }
      ).sub ?? ADA;
    /** A cart of one line and an address of the caller's own: a refusal is for the token or the role. */
    async function ownRequest(t: string | undefined) {
      if (!t) return request(ADA, 1n, 1n); // anonymous: refused before any cart is read
      const owner = addressOf[ownerOf(t)] ? ownerOf(t) : ADA;
      const version = await fillCart(owner, [[skus[1]!, 1]]);
      const cart = (await cartOf(owner))!;
      const total = cart.lines.reduce((n, l) => n + l.unitPrice.amountMinor * BigInt(l.quantity), 0n);
      return request(owner, version, total);
    }
    describeAuthorizationMatrix(
      [
        {
          name: "rpc PlaceOrder (own cart)",
          allowed: ["customer", "admin"],
          call: async (t) => rpcOutcome(svc.client(t).placeOrder(await ownRequest(t))),
        },
        {
          name: "subgraph placeOrder (own cart)",
          allowed: ["customer", "admin"],
          call: async (t) => {
            const r = await ownRequest(t);
            const input = `{ idempotencyKey: "${r.idempotencyKey}", cartVersion: "${r.cartVersion}",
              expectedTotal: { amount: "${Number(r.expectedTotal.amountMinor) / 100}", currency: "EUR" },
              shippingAddressId: "${r.shippingAddressId}", shippingQuoteId: "${r.shippingQuoteId}", paymentMethodToken: "tok_approve" }`;
            return graphqlOutcome(
              await fetch(`${svc.httpUrl}/graphql`, {
                method: "POST",
                headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
                body: JSON.stringify({ query: `mutation { placeOrder(input: ${input}) { id } }` }),
              }),
            );
          },
        },
      ],
      () => tokens,
    );
  });
});

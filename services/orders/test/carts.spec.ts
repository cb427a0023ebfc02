import { randomBytes } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import pg from "pg";
import { startCartsWithCatalog, type RunningCarts } from "./carts-harness";

let svc: RunningCarts;
beforeAll(async () => {
  svc = await startCartsWithCatalog();
}, 120_000);
afterAll(() => svc?.stop());

const lines = (cart: { lines: Array<{ skuId: string; quantity: number }> } | undefined) =>
  cart?.lines.map((l) => [l.skuId, l.quantity]);

/** A guest cart holding `quantity` of each of `skuIds`; its token. */
async function guestCartWith(...fill: Array<[skuId: string, quantity: number]>): Promise<string> {
  const guest = svc.carts();
  let token = "";
  for (const [skuId, quantity] of fill) {
    const res = await guest.addCartLine({ cartToken: token, skuId, quantity });
    token ||= res.cartToken;
  }
  return token;
}

describe("guest carts", () => {
  it("a guest fills a cart: a token once, catalog names and prices, a new version per change", async () => {
    const [a, b] = svc.skus;
    const guest = svc.carts();
    const first = await guest.addCartLine({ skuId: a!.id, quantity: 2 });
    expect(first.cartToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.cart).toMatchObject({ version: 1n, itemCount: 2 });
    expect(first.cart!.lines).toEqual([
      expect.objectContaining({
        skuId: a!.id,
        productId: a!.productId,
        name: a!.name,
        quantity: 2,
        unitPrice: expect.objectContaining({ currencyCode: a!.currency, amountMinor: a!.priceMinor }),
        lineTotal: expect.objectContaining({ amountMinor: 2n * a!.priceMinor }),
      }),
    ]);
    const cartToken = first.cartToken;

    const second = await guest.addCartLine({ cartToken, skuId: b!.id, quantity: 1 });
    expect(second.cartToken).toBe("");
    expect(second.cart!.id).toBe(first.cart!.id);
    const more = await guest.addCartLine({ cartToken, skuId: a!.id, quantity: 3 });
    expect(lines(more.cart)).toEqual([
      [a!.id, 5],
      [b!.id, 1],
    ]);
    expect(more.cart!.subtotal?.amountMinor).toBe(5n * a!.priceMinor + b!.priceMinor);
    const updated = await guest.updateCartLine({ cartToken, skuId: b!.id, quantity: 4 });
    const removed = await guest.removeCartLine({ cartToken, skuId: a!.id });
    const removedAgain = await guest.removeCartLine({ cartToken, skuId: a!.id });
    expect([second, more].map((r) => r.cart!.version)).toEqual([2n, 3n]);
    expect([updated, removed, removedAgain].map((r) => r.cart!.version)).toEqual([4n, 5n, 5n]);
    expect((await guest.getCart({ cartToken })).cart).toEqual(removed.cart);
    expect((await guest.getCart({})).cart).toBeUndefined();
  });

  it("a guest cart unchanged for 30 days is gone", async () => {
    const cartToken = await guestCartWith([svc.skus[0]!.id, 1]);
    const { cart } = await svc.carts().getCart({ cartToken });
    const db = new pg.Client({ connectionString: svc.databaseUrl });
    await db.connect();
    await db.query("UPDATE carts SET update_time = now() - interval '30 days 1 minute' WHERE id = $1", [cart!.id]);
    await db.end();
    const err = await rpcError(svc.carts().getCart({ cartToken }));
    expect(err.code).toBe(Code.NotFound);
    expect(err.rawMessage).toMatch(/expired after 30 days/);
    expect((await rpcError(svc.carts().addCartLine({ cartToken, skuId: svc.skus[0]!.id, quantity: 1 }))).code).toBe(
      Code.NotFound,
    );
  });

  it("a SKU the catalog does not have is NOT_FOUND, and makes no guest cart", async () => {
    const db = new pg.Client({ connectionString: svc.databaseUrl });
    await db.connect();
    const count = async () => (await db.query("SELECT count(*)::int AS n FROM carts")).rows[0].n as number;
    const before = await count();
    const err = await rpcError(svc.carts().addCartLine({ skuId: "no-such-sku", quantity: 1 }));
    expect(err.code).toBe(Code.NotFound);
    expect(err.rawMessage).toBe('SKU "no-such-sku" is not in the catalog');
    expect(await count()).toBe(before);
    await db.end();
  });
});

describe("a guest signs in and the carts merge", () => {
  it("the guest's lines join the customer's, same SKUs summed and capped at 99; the guest token is dead", async () => {
    const [a, b, c] = svc.skus;
    const alice = svc.carts(svc.tokens.alice);
    await alice.addCartLine({ skuId: a!.id, quantity: 2 });
    await alice.addCartLine({ skuId: c!.id, quantity: 90 });
    const before = (await alice.getCart({})).cart!;
    const cartToken = await guestCartWith([a!.id, 3], [b!.id, 1], [c!.id, 20]);

    const { cart } = await alice.mergeGuestCart({ cartToken });
    expect(cart!.id).toBe(before.id);
    expect(lines(cart)).toEqual(
      expect.arrayContaining([
        [a!.id, before.lines.find((l) => l.skuId === a!.id)!.quantity + 3],
        [b!.id, expect.any(Number)],
        [c!.id, 99],
      ]),
    );
    expect(cart!.version).toBe(before.version + 1n);
    expect((await alice.getCart({})).cart).toEqual(cart);

    expect((await rpcError(svc.carts().getCart({ cartToken }))).code).toBe(Code.NotFound);
    const again = await rpcError(alice.mergeGuestCart({ cartToken }));
    expect(again.code).toBe(Code.NotFound);
    expect((await alice.getCart({})).cart!.version).toBe(cart!.version);
  });

  it("concurrent merges of one guest cart add its lines once", async () => {
    const sku = svc.skus[3]!;
    const bob = svc.carts(svc.tokens.bob);
    const before = (await bob.getCart({})).cart!;
    const had = before.lines.find((l) => l.skuId === sku.id)?.quantity ?? 0;
    const cartToken = await guestCartWith([sku.id, 2]);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => bob.mergeGuestCart({ cartToken })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code: Code }).code).toBe(Code.NotFound);
    const after = (await bob.getCart({})).cart!;
    expect(after.lines.find((l) => l.skuId === sku.id)?.quantity).toBe(had + 2);
    expect(after.version).toBe(before.version + 1n);
  });
});

describe("nobody reaches another person's cart", () => {
  it("bob's calls act on bob's cart only: alice's stays as it was, by RPC and by GraphQL", async () => {
    const sku = svc.skus[4]!;
    const alice = svc.carts(svc.tokens.alice);
    const bob = svc.carts(svc.tokens.bob);
    const alicesCart = (await alice.addCartLine({ skuId: sku.id, quantity: 7 })).cart!;

    const bobsCart = (await bob.getCart({})).cart!;
    expect(bobsCart.id).not.toBe(alicesCart.id);
    expect(bobsCart.lines.find((l) => l.skuId === sku.id)).toBeUndefined();
    expect((await rpcError(bob.updateCartLine({ skuId: sku.id, quantity: 1 }))).code).toBe(Code.NotFound);
    await bob.removeCartLine({ skuId: sku.id });
    const viaGraph = await svc.graphql<{ cart: { id: string } }>("{ cart { id } }", {}, svc.tokens.bob);
    expect(viaGraph.body.data?.cart.id).toBe(bobsCart.id);

    expect((await alice.getCart({})).cart).toEqual(alicesCart);
  });

  it("a guessed cart token reaches nothing, and a signed-in caller may not send one", async () => {
    const guessed = randomBytes(32).toString("base64url");
    expect((await rpcError(svc.carts().getCart({ cartToken: guessed }))).code).toBe(Code.NotFound);
    const sku = svc.skus[0]!.id;
    expect((await rpcError(svc.carts().updateCartLine({ cartToken: guessed, skuId: sku, quantity: 1 }))).code).toBe(
      Code.NotFound,
    );
    expect((await rpcError(svc.carts(svc.tokens.bob).mergeGuestCart({ cartToken: guessed }))).code).toBe(Code.NotFound);
    const graph = await svc.graphql<{ cart: unknown }>(
      "query ($t: String) { cart(cartToken: $t) { id } }",
      { t: guessed },
      undefined,
    );
    expect(graph.body.data?.cart).toBeNull();
    expect(graph.body.errors?.[0]?.extensions.code).toBe("NOT_FOUND");

    const guestToken = await guestCartWith([sku, 1]);
    const err = await rpcError(svc.carts(svc.tokens.bob).getCart({ cartToken: guestToken }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err)).toEqual([
      expect.objectContaining({ field: "cart_token", ruleId: "cart_token.guests_only" }),
    ]);
  });
});

describe("invalid input changes nothing", () => {
  const malformedToken = "not a token";

  it("every RPC mutation answers InvalidArgument with the field's violation, and the version stays", async () => {
    const alice = svc.carts(svc.tokens.alice);
    const sku = svc.skus[1]!.id;
    await alice.addCartLine({ skuId: sku, quantity: 1 });
    const version = async () => (await alice.getCart({})).cart!.version;
    const before = await version();
    const cases: Array<[string, Promise<unknown>, string, string]> = [
      ["add 0", alice.addCartLine({ skuId: sku, quantity: 0 }), "quantity", "int32.gte_lte"],
      ["add 100", alice.addCartLine({ skuId: sku, quantity: 100 }), "quantity", "int32.gte_lte"],
      ["add no SKU", alice.addCartLine({ skuId: "", quantity: 1 }), "sku_id", "string.min_len"],
      [
        "add bad token",
        svc.carts().addCartLine({ cartToken: malformedToken, skuId: sku, quantity: 1 }),
        "cart_token",
        "string.pattern",
      ],
      ["update 0", alice.updateCartLine({ skuId: sku, quantity: 0 }), "quantity", "int32.gte_lte"],
      ["update no SKU", alice.updateCartLine({ skuId: "", quantity: 2 }), "sku_id", "string.min_len"],
      ["remove no SKU", alice.removeCartLine({ skuId: "" }), "sku_id", "string.min_len"],
      ["merge no token", alice.mergeGuestCart({ cartToken: "" }), "cart_token", "string.pattern"],
      ["merge bad token", alice.mergeGuestCart({ cartToken: malformedToken }), "cart_token", "string.pattern"],
    ];
    for (const [name, call, field, ruleId] of cases) {
      const err = await rpcError(call);
      expect([name, err.code]).toEqual([name, Code.InvalidArgument]);
      expect([name, violationsOf(err)]).toEqual([name, [expect.objectContaining({ field, ruleId })]]);
    }
    expect(await version()).toBe(before);
  });

  it("every GraphQL mutation answers BAD_USER_INPUT with camelCase violations, and the version stays", async () => {
    const sku = svc.skus[1]!.id;
    const token = svc.tokens.alice;
    const cartVersion = async () =>
      (await svc.graphql<{ cart: { version: string } }>("{ cart { version } }", {}, token)).body.data!.cart.version;
    await svc.graphql(
      "mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cart { version } } }",
      { s: sku },
      token,
    );
    const before = await cartVersion();
    const cases: Array<[string, string, string]> = [
      [`addCartLine(input: { skuId: "${sku}", quantity: 0 }) { cart { id } }`, "quantity", "int32.gte_lte"],
      [`addCartLine(input: { skuId: "", quantity: 1 }) { cart { id } }`, "skuId", "string.min_len"],
      [
        `addCartLine(input: { skuId: "${sku}", quantity: 1, cartToken: "x" }) { cart { id } }`,
        "cartToken",
        "string.pattern",
      ],
      [`updateCartLine(input: { skuId: "${sku}", quantity: 100 }) { id }`, "quantity", "int32.gte_lte"],
      [`removeCartLine(input: { skuId: "" }) { id }`, "skuId", "string.min_len"],
      [`mergeGuestCart(input: { cartToken: "${malformedToken}" }) { id }`, "cartToken", "string.pattern"],
    ];
    for (const [mutation, field, ruleId] of cases) {
      const res = await svc.graphql(`mutation { ${mutation} }`, {}, token);
      const [error] = res.body.errors ?? [];
      expect([mutation, error?.extensions.code]).toEqual([mutation, "BAD_USER_INPUT"]);
      expect([mutation, error?.extensions.violations]).toEqual([
        mutation,
        [expect.objectContaining({ field, ruleId })],
      ]);
    }
    expect(await cartVersion()).toBe(before);
  });
});

describe("carts on the subgraph", () => {
  it("a guest fills a cart and reads it with Product references and Money", async () => {
    const sku = svc.skus[2]!;
    const added = await svc.graphql<{ addCartLine: { cartToken: string; cart: { version: string } } }>(
      "mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 3 }) { cartToken cart { version } } }",
      { s: sku.id },
    );
    const { cartToken, cart } = added.body.data!.addCartLine;
    expect(cart.version).toBe("1");
    const read = await svc.graphql<{ cart: unknown }>(
      `query ($t: String) { cart(cartToken: $t) { version itemCount subtotal { amountMinor currency }
         lines { skuId name quantity product { id } unitPrice { amountMinor formatted } lineTotal { amountMinor } } } }`,
      { t: cartToken },
    );
    expect(read.body.data?.cart).toEqual({
      version: "1",
      itemCount: 3,
      subtotal: { amountMinor: String(3n * sku.priceMinor), currency: sku.currency },
      lines: [
        {
          skuId: sku.id,
          name: sku.name,
          quantity: 3,
          product: { id: sku.productId },
          unitPrice: { amountMinor: String(sku.priceMinor), formatted: expect.any(String) },
          lineTotal: { amountMinor: String(3n * sku.priceMinor) },
        },
      ],
    });
    const empty = await svc.graphql<{ cart: unknown }>("{ cart { id } }");
    expect(empty.body).toEqual({ data: { cart: null } });
  });
});

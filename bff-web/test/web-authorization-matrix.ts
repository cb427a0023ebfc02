import {
  matrixTokens,
  serviceToken,
  testKeycloak,
  userToken,
  type MatrixTokens,
  type RunningPlatform,
} from "@emporium/testing";
import { eventuallyData, placeOrder, webData, webQuery, type PlacedOrder } from "./web-client";

/** The four callers of the matrix: a guest, alice (the owner of what is asked for), bob, and ada (admin). */
type Caller = "anonymous" | "alice" | "bob" | "ada";
const CALLERS: Caller[] = ["anonymous", "alice", "bob", "ada"];
/** "ok" (data, no error), or the extensions.code of the first error. */
type Outcome = string;

interface Operation {
  name: string;
  call(who: Caller, token: string | undefined): Promise<Response>;
  expected: Record<Caller, Outcome>;
}

const SKU = "0192f000-0000-7000-8000-000000000002";
const OTHER_SKU = "0192f000-0000-7000-8000-000000000022";
const everyone: Record<Caller, Outcome> = { anonymous: "ok", alice: "ok", bob: "ok", ada: "ok" };
const signedIn: Record<Caller, Outcome> = { anonymous: "UNAUTHENTICATED", alice: "ok", bob: "ok", ada: "ok" };
/** Alice's own things: bob and ada are told they do not exist (the "My" RPCs act on the caller's own). */
const alicesOwn: Record<Caller, Outcome> = {
  anonymous: "UNAUTHENTICATED",
  alice: "ok",
  bob: "NOT_FOUND",
  ada: "NOT_FOUND",
};

/**
 * The authorization matrix on every operation of bff-web's schema, on the platform of the spec that
 * calls it: each operation as a guest, as alice (who owns what is asked for), as bob and as ada
 * (admin), and with every kind of bad token. Registers its own set-up (alice's order, carts, an
 * address to remove, a notification) and tests.
 */
export function describeWebAuthorizationMatrix(platformOf: () => RunningPlatform): void {
  let platform: RunningPlatform;
  const tokens: Partial<Record<Caller, string>> = {};
  let matrix: MatrixTokens;
  let guestCart: string;
  let alicesOrder: PlacedOrder;
  let alicesAddress: string;
  let alicesSpareAddress: string;
  let alicesNotification: string;

  const post = (query: string, variables: Record<string, unknown>, token: string | undefined) =>
    fetch(`${platform.bffWebUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  /** What a guest sends to reach their cart: its token; a signed-in person sends none. */
  const cartTokenOf = (who: Caller) => (who === "anonymous" ? guestCart : null);

  const operations: Operation[] = [
    {
      name: "Query.products",
      call: (_who, t) =>
        post(`{ products(first: 3) { edges { node { id inStock rating { count } } } facets { inStock } } }`, {}, t),
      expected: everyone,
    },
    {
      name: "Query.product",
      call: (_who, t) =>
        post(
          `query ($id: ID!) { product(id: $id) { id availability { quantity } } }`,
          { id: "0192f000-0000-7000-8000-000000000001" },
          t,
        ),
      expected: everyone,
    },
    { name: "Query.categories", call: (_who, t) => post(`{ categories { id } }`, {}, t), expected: everyone },
    {
      name: "Query.cart",
      call: (who, t) => post(`query ($c: String) { cart(cartToken: $c) { id } }`, { c: cartTokenOf(who) }, t),
      expected: everyone,
    },
    {
      name: "Query.myOrders",
      call: (_who, t) => post(`{ myOrders { edges { node { id payment { status } shipment { status } } } } }`, {}, t),
      expected: signedIn,
    },
    {
      name: "Query.order",
      call: (_who, t) =>
        post(
          `query ($id: ID!) { order(id: $id) { id payment { status } shipment { status } } }`,
          { id: alicesOrder.id },
          t,
        ),
      // Admins read every order; another customer is told it does not exist.
      expected: { anonymous: "UNAUTHENTICATED", alice: "ok", bob: "NOT_FOUND", ada: "ok" },
    },
    { name: "Query.me", call: (_who, t) => post(`{ me { id email addresses { id } } }`, {}, t), expected: signedIn },
    {
      name: "Query.myNotifications",
      call: (_who, t) => post(`{ myNotifications { edges { node { id } } } }`, {}, t),
      expected: signedIn,
    },
    {
      name: "Mutation.addCartLine",
      call: (who, t) =>
        post(
          `mutation ($c: String, $s: ID!) { addCartLine(input: { cartToken: $c, skuId: $s, quantity: 1 }) { cart { id } } }`,
          { c: cartTokenOf(who), s: OTHER_SKU },
          t,
        ),
      expected: everyone,
    },
    {
      name: "Mutation.updateCartLine",
      call: (who, t) =>
        post(
          `mutation ($c: String, $s: ID!) { updateCartLine(input: { cartToken: $c, skuId: $s, quantity: 1 }) { id } }`,
          { c: cartTokenOf(who), s: SKU },
          t,
        ),
      expected: everyone,
    },
    {
      name: "Mutation.removeCartLine",
      call: (who, t) =>
        post(
          `mutation ($c: String, $s: ID!) { removeCartLine(input: { cartToken: $c, skuId: $s }) { id } }`,
          { c: cartTokenOf(who), s: OTHER_SKU },
          t,
        ),
      expected: everyone,
    },
    {
      name: "Mutation.mergeGuestCart",
      // A token that reaches no guest cart: past authorization, every signed-in person hears NOT_FOUND.
      call: (_who, t) => post(`mutation { mergeGuestCart(input: { cartToken: "${"x".repeat(43)}" }) { id } }`, {}, t),
      expected: { anonymous: "UNAUTHENTICATED", alice: "NOT_FOUND", bob: "NOT_FOUND", ada: "NOT_FOUND" },
    },
    {
      name: "Mutation.quoteCheckout",
      call: (_who, t) =>
        post(
          `mutation ($a: ID!) { quoteCheckout(input: { shippingAddressId: $a }) { shippingQuoteId } }`,
          { a: alicesAddress },
          t,
        ),
      expected: alicesOwn,
    },
    {
      name: "Mutation.placeOrder",
      // Alice's own request again: her first order. Anyone else with her quote and address is refused.
      call: (_who, t) =>
        post(`mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }`, { i: alicesOrder.input }, t),
      expected: { anonymous: "UNAUTHENTICATED", alice: "ok", bob: "FAILED_PRECONDITION", ada: "FAILED_PRECONDITION" },
    },
    {
      name: "Mutation.updateProfile",
      call: (who, t) =>
        post(
          `mutation ($n: String!) { updateProfile(input: { displayName: $n }) { displayName } }`,
          { n: displayNames[who] },
          t,
        ),
      expected: signedIn,
    },
    {
      name: "Mutation.addAddress",
      call: (_who, t) =>
        post(
          `mutation { addAddress(input: { recipient: "R", line1: "L", postalCode: "10115", city: "Berlin", countryCode: "DE" }) { id } }`,
          {},
          t,
        ),
      expected: signedIn,
    },
    {
      name: "Mutation.updateAddress",
      call: (_who, t) =>
        post(
          `mutation ($id: ID!) { updateAddress(input: { id: $id, address: { recipient: "Alice Archer", line1: "Bergstraße 12", postalCode: "10115", city: "Berlin", countryCode: "DE" } }) { id } }`,
          { id: alicesAddress },
          t,
        ),
      expected: alicesOwn,
    },
    {
      name: "Mutation.removeAddress",
      call: (_who, t) =>
        post(`mutation ($id: ID!) { removeAddress(input: { id: $id }) { id } }`, { id: alicesSpareAddress }, t),
      expected: alicesOwn,
    },
    {
      name: "Mutation.markNotificationRead",
      call: (_who, t) =>
        post(`mutation ($id: ID!) { markNotificationRead(input: { id: $id }) { id } }`, { id: alicesNotification }, t),
      expected: alicesOwn,
    },
  ];
  const displayNames: Record<Caller, string> = { anonymous: "Nobody", alice: "Alice A.", bob: "Bob B.", ada: "Ada A." };

  beforeAll(async () => {
    platform = platformOf();
    const kc = testKeycloak();
    const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
    Object.assign(tokens, { alice, bob, ada });
    matrix = await matrixTokens(kc, {
      wrongAudience: {
        name: "a service's client-credentials token (audience: services, not emporium-api)",
        token: await serviceToken(kc, "orders"),
      },
    });
    const url = platform.bffWebUrl;
    alicesOrder = await placeOrder(url, alice, [SKU]);
    const added = await webData<{ addCartLine: { cartToken: string } }>(
      url,
      `mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cartToken } }`,
      { s: SKU },
    );
    guestCart = added.addCartLine.cartToken;
    for (const token of [alice, bob, ada])
      await webData(
        url,
        `mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cart { id } } }`,
        { s: SKU },
        token,
      );
    const { me } = await webData<{ me: { addresses: Array<{ id: string }> } }>(
      url,
      `{ me { addresses { id } } }`,
      {},
      alice,
    );
    alicesAddress = me.addresses[0]!.id;
    const spare = await webData<{ addAddress: { addresses: Array<{ id: string }> } }>(
      url,
      `mutation { addAddress(input: { recipient: "Alice Archer", line1: "Torstraße 1", postalCode: "10119", city: "Berlin", countryCode: "DE" }) { addresses { id } } }`,
      {},
      alice,
    );
    alicesSpareAddress = spare.addAddress.addresses.at(-1)!.id;
    const heard = await eventuallyData<{ myNotifications: { edges: Array<{ node: { id: string } }> } }>(
      url,
      `{ myNotifications { edges { node { id } } } }`,
      alice,
      (n) => n.myNotifications.edges.length > 0,
    );
    alicesNotification = heard.myNotifications.edges[0]!.node.id;
  }, 300_000);
  it("covers every operation of the schema", async () => {
    const { data } = await webQuery<{
      __schema: { queryType: { fields: Array<{ name: string }> }; mutationType: { fields: Array<{ name: string }> } };
    }>(platform.bffWebUrl, `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`);
    const all = [
      ...data!.__schema.queryType.fields.map((f) => `Query.${f.name}`),
      ...data!.__schema.mutationType.fields.map((f) => `Mutation.${f.name}`),
    ];
    expect(operations.map((o) => o.name).sort()).toEqual(all.sort());
  });

  describe.each(operations)("$name", (op) => {
    it("anonymous, customer, other customer and admin each get what the table says", async () => {
      const outcomes = await Promise.all(
        CALLERS.map(async (who) => [who, await outcomeOf(await op.call(who, tokens[who]))]),
      );
      expect(Object.fromEntries(outcomes)).toEqual(op.expected);
    });

    it("every token but a valid one is refused as UNAUTHENTICATED for its defect, with no data", async () => {
      const kinds = Object.keys(matrix.badTokens);
      const answers = await Promise.all(
        kinds.map(async (kind) => {
          const res = await op.call("ada", matrix.badTokens[kind]);
          const body = (await res.json()) as {
            data?: unknown;
            errors?: Array<{ message: string; extensions: { code: string } }>;
          };
          return [
            kind,
            {
              status: res.status,
              data: body.data ?? null,
              code: body.errors?.[0]?.extensions.code,
              message: body.errors?.[0]?.message,
            },
          ];
        }),
      );
      expect(Object.fromEntries(answers)).toEqual(
        Object.fromEntries(
          kinds.map((kind) => [
            kind,
            {
              status: 401,
              data: null,
              code: "UNAUTHENTICATED",
              message: expect.stringContaining(matrix.refusedFor[kind]!),
            },
          ]),
        ),
      );
      // The same claims and key as the one-defect tokens, minus the defect: ada.
      expect(await outcomeOf(await op.call("ada", matrix.control))).toBe(op.expected.ada);
    });
  });

  it("another customer's lists never show alice's things", async () => {
    const bobs = await webData<{
      myOrders: { edges: Array<{ node: { id: string } }> };
      me: { id: string; email: string };
    }>(platform.bffWebUrl, `{ myOrders { edges { node { id } } } me { id email } }`, {}, tokens.bob);
    expect(bobs.myOrders.edges.map((e) => e.node.id)).not.toContain(alicesOrder.id);
    expect(bobs.me.email).toBe("bob@example.test");
  });
}

/** "ok" for data without errors; else the first error's code (401 answers included). */
async function outcomeOf(res: Response): Promise<Outcome> {
  const body = (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ extensions?: { code?: string } }>;
  };
  if (!body.errors?.length) return body.data ? "ok" : `no data (HTTP ${res.status})`;
  const code = body.errors[0]!.extensions?.code ?? "none";
  if (code === "UNAUTHENTICATED" && body.data && Object.values(body.data).some((v) => v !== null))
    return "UNAUTHENTICATED with data";
  return code;
}

import { ALICE, BOB, startShipping, type RunningShipping } from "./shipping-harness";

const SKILLET_20CM = "0192f000-0000-7000-8000-000000000002"; // seeded: 2600 g
const QUOTE = `query($input: ShippingQuoteInput!) {
  shippingQuote(input: $input) {
    id countryCode postalCode serviceLevel weightGrams price { amount currency formatted } createdAt expiresAt
  }
}`;

describe("shipping subgraph", () => {
  let svc: RunningShipping;
  let n = 0;
  beforeAll(async () => {
    svc = await startShipping();
  }, 120_000);
  afterAll(() => svc?.stop());

  const input = (extra: Record<string, unknown> = {}) => ({
    countryCode: "DE",
    postalCode: "10115",
    lines: [{ skuId: SKILLET_20CM, quantity: 2 }],
    ...extra,
  });
  async function ship(customerId: string) {
    const { quote } = await svc.client(svc.tokens.alice).quoteShipping({
      destination: { countryCode: "DE", postalCode: "10115" },
      lines: [{ skuId: SKILLET_20CM, quantity: 1 }],
    });
    const key = `graph-${++n}`;
    const address = { recipientName: "A", line1: "Street 1", city: "Berlin", countryCode: "DE", postalCode: "10115" };
    return (
      await svc.orders.createShipment({ orderId: key, customerId, quoteId: quote!.id, address, idempotencyKey: key })
    ).shipment!;
  }

  it("shippingQuote prices and stores a quote for a signed-in person, with exact money and its expiry", async () => {
    const { body } = await svc.graphql<{ shippingQuote: Record<string, unknown> }>(
      QUOTE,
      { input: input({ serviceLevel: "EXPRESS" }) },
      svc.tokens.alice,
    );
    expect(body.errors).toBeUndefined();
    const now = svc.clock.now().getTime();
    // 5200 g: 6 started kilograms at home, doubled for express.
    expect(body.data!.shippingQuote).toEqual({
      id: expect.any(String),
      countryCode: "DE",
      postalCode: "10115",
      serviceLevel: "EXPRESS",
      weightGrams: 5200,
      price: { amount: "21.80", currency: "EUR", formatted: "€21.80" },
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 30 * 60_000).toISOString(),
    });
    const stored = await svc.app.pool.query("SELECT 1 FROM quotes WHERE id = $1", [body.data!.shippingQuote.id]);
    expect(stored.rowCount).toBe(1);
  });

  it("shippingQuote refuses invalid input as BAD_USER_INPUT with violations on the input's own fields, storing nothing", async () => {
    const before = (await svc.app.pool.query("SELECT count(*)::int AS n FROM quotes")).rows[0].n as number;
    const invalid = await svc.graphql(
      QUOTE,
      { input: input({ countryCode: "Germany", lines: [{ skuId: SKILLET_20CM, quantity: 0 }] }) },
      svc.tokens.alice,
    );
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: expect.arrayContaining([
        expect.objectContaining({ field: "countryCode", ruleId: "string.pattern" }),
        expect.objectContaining({ field: "lines[0].quantity", ruleId: "int32.gt_lte" }),
      ]),
    });
    const unknown = await svc.graphql(
      QUOTE,
      { input: input({ lines: [{ skuId: "nope", quantity: 1 }] }) },
      svc.tokens.bob,
    );
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [expect.objectContaining({ field: "lines[0].skuId", ruleId: "sku.exists" })],
    });
    const anonymous = await svc.graphql(QUOTE, { input: input() });
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect((await svc.app.pool.query("SELECT count(*)::int AS n FROM quotes")).rows[0].n).toBe(before);
  });

  it("Order.shipment resolves many orders in one batch: each order's latest shipment, null for an order without one", async () => {
    const [a, b] = [await ship(ALICE), await ship(ALICE)];
    await svc.orders.cancelShipment({ shipmentId: b.id });
    const representations = [a.orderId, "order-without-shipment", b.orderId].map((id) => ({ __typename: "Order", id }));
    const { body } = await svc.graphql<{ _entities: unknown[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Order { id shipment { id status weightGrams price { amount } address { city line2 } failureReason } } } }`,
      { r: representations },
      svc.tokens.alice,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities).toEqual([
      {
        id: a.orderId,
        shipment: {
          id: a.id,
          status: "LABEL_CREATED",
          weightGrams: 2600,
          price: { amount: "7.90" },
          address: { city: "Berlin", line2: null },
          failureReason: null,
        },
      },
      { id: "order-without-shipment", shipment: null },
      { id: b.orderId, shipment: expect.objectContaining({ id: b.id, status: "CANCELLED" }) },
    ]);
  });

  it("Order.shipment is for the order's customer and admins: bob is refused alice's, nobody anonymous", async () => {
    const shipment = await ship(BOB);
    const query = `{ _entities(representations: [{ __typename: "Order", id: "${shipment.orderId}" }]) { ... on Order { shipment { id } } } }`;
    expect((await svc.graphql(query, {}, svc.tokens.bob)).body.data).toEqual({
      _entities: [{ shipment: { id: shipment.id } }],
    });
    expect((await svc.graphql(query, {}, svc.tokens.alice)).body.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect((await svc.graphql(query)).body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});

import { BOB, startPayments, type RunningPayments } from "./payments-harness";

type Entities = { _entities: Array<{ id: string; payment: Record<string, unknown> | null } | null> };

describe("payments' subgraph: Order.payment", () => {
  let svc: RunningPayments;
  beforeAll(async () => {
    svc = await startPayments();
  });
  afterAll(() => svc?.stop());

  const orderPayments = (orderIds: string[], token?: string) =>
    svc.graphql<Entities>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id payment {
         id status currency declineReason createdAt updatedAt
         amount { amount currency formatted } authorizedAmount { amountMinor } capturedAmount { amountMinor }
         refundedAmount { amountMinor } } } } }`,
      { reps: orderIds.map((id) => ({ __typename: "Order", id })) },
      token,
    );

  it("shows the customer their order's payment, with its amounts as Money", async () => {
    const p = (await svc.authorize({ amount: { currencyCode: "EUR", amountMinor: 4200n } })).payment!;
    await svc.orders.capturePayment({ paymentId: p.id });
    await svc.orders.refundPayment({
      paymentId: p.id,
      amount: { currencyCode: "EUR", amountMinor: 200n },
      idempotencyKey: "graph",
    });
    const { body } = await orderPayments([p.orderId], svc.tokens.alice);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      {
        id: p.orderId,
        payment: {
          id: p.id,
          status: "PARTIALLY_REFUNDED",
          currency: "EUR",
          declineReason: null,
          createdAt: expect.stringMatching(/Z$/),
          updatedAt: expect.stringMatching(/Z$/),
          amount: { amount: "40.00", currency: "EUR", formatted: "€40.00" },
          authorizedAmount: { amountMinor: "4200" },
          capturedAmount: { amountMinor: "4200" },
          refundedAmount: { amountMinor: "200" },
        },
      },
    ]);
  });

  it("shows an order's latest attempt, null for an order without one, and batches any number of orders", async () => {
    const declined = (await svc.authorize({ paymentMethodToken: "tok_decline" })).payment!;
    const retried = (await svc.authorize({ orderId: declined.orderId })).payment!;
    const other = (await svc.authorize()).payment!;
    const { body } = await orderPayments([declined.orderId, "order-without-payment", other.orderId], svc.tokens.admin);
    expect(body.data?._entities.map((o) => o?.payment?.id ?? null)).toEqual([retried.id, null, other.id]);
  });

  it("refuses another customer's order payment (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)", async () => {
    const alices = (await svc.authorize()).payment!;
    const bobs = (await svc.authorize({ customerId: BOB })).payment!;
    const asBob = await orderPayments([alices.orderId, bobs.orderId], svc.tokens.bob);
    expect(asBob.body.data?._entities.map((o) => o?.payment?.id ?? null)).toEqual([null, bobs.id]);
    expect(asBob.body.errors?.map((e) => [e.path?.join("."), e.extensions.code])).toEqual([
      ["_entities.0.payment", "FORBIDDEN"],
    ]);
    const anonymous = await orderPayments([alices.orderId]);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(anonymous.body.data?._entities[0]?.payment ?? null).toBeNull();
  });
});

import { Code } from "@connectrpc/connect";
import {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  privateFieldsOutcome,
  rpcError,
  rpcOutcome,
  serviceToken,
  testKeycloak,
  type EntryPoint,
  type MatrixTokens,
} from "@emporium/testing";
import { ALICE, startShipping, type RunningShipping } from "./shipping-harness";

/** Shipping's rows of the authorization harness. */
let svc: RunningShipping;
let n = 0;
const SKILLET_20CM = "0192f000-0000-7000-8000-000000000002";
const BERLIN = { countryCode: "DE", postalCode: "10115" };
const lines = [{ skuId: SKILLET_20CM, quantity: 1 }];
const address = { recipientName: "Alice", line1: "Invalidenstraße 1", city: "Berlin", ...BERLIN };

/** A shipment of alice's, made by orders: each call gets a fresh one, so a refusal is never NOT_FOUND. */
async function freshShipment() {
  const { quote } = await svc.client(svc.tokens.alice).quoteShipping({ destination: BERLIN, lines });
  const key = `matrix-${process.pid}-${++n}`;
  const request = { orderId: key, customerId: ALICE, quoteId: quote!.id, address, idempotencyKey: key };
  return (await svc.orders.createShipment(request)).shipment!;
}
const createRequest = async () => {
  const { quote } = await svc.client(svc.tokens.alice).quoteShipping({ destination: BERLIN, lines });
  const key = `matrix-create-${process.pid}-${++n}`;
  return { orderId: key, customerId: ALICE, quoteId: quote!.id, address, idempotencyKey: key };
};
const subgraph = (t: string | undefined, query: string) =>
  fetch(`${svc.httpUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
    body: JSON.stringify({ query }),
  });

const entryPoints: EntryPoint[] = [
  {
    name: "rpc QuoteShipping",
    allowed: ["customer", "admin"],
    call: (t) => rpcOutcome(svc.client(t).quoteShipping({ destination: BERLIN, lines })),
  },
  {
    name: "rpc GetShippingQuote",
    allowed: ["service"],
    call: async (t) => {
      const { quote } = await svc.client(svc.tokens.alice).quoteShipping({ destination: BERLIN, lines });
      return rpcOutcome(svc.client(t).getShippingQuote({ quoteId: quote!.id }));
    },
  },
  {
    name: "rpc CreateShipment",
    allowed: ["service"],
    call: async (t) => rpcOutcome(svc.client(t).createShipment(await createRequest())),
  },
  {
    name: "rpc CancelShipment",
    allowed: ["service"],
    call: async (t) => rpcOutcome(svc.client(t).cancelShipment({ shipmentId: (await freshShipment()).id })),
  },
  {
    name: "rpc BatchGetShipmentsByOrder",
    allowed: ["service"],
    call: async (t) => rpcOutcome(svc.client(t).batchGetShipmentsByOrder({ orderIds: ["any-order"] })),
  },
  {
    name: "subgraph shippingQuote",
    allowed: ["customer", "admin"],
    call: async (t) =>
      graphqlOutcome(
        await subgraph(
          t,
          `{ shippingQuote(input: { countryCode: "DE", postalCode: "10115", lines: [{ skuId: "${SKILLET_20CM}", quantity: 1 }] }) { id } }`,
        ),
      ),
  },
  {
    // alice is the matrix's customer: the order is hers.
    name: "subgraph _entities Order.shipment (the customer's own order)",
    allowed: ["customer", "admin"],
    call: async (t) => {
      const { orderId } = await freshShipment();
      const res = await subgraph(
        t,
        `{ _entities(representations: [{ __typename: "Order", id: "${orderId}" }]) { ... on Order { shipment { id status } } } }`,
      );
      return privateFieldsOutcome((data) =>
        (data._entities as Array<{ shipment: unknown } | null>).map((o) => o?.shipment),
      )(res);
    },
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startShipping();
  // orders' client-credentials token names shipping and orders may ship; reviews' does not name shipping.
  tokens = await matrixTokens(kc, {
    service: "orders",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "reviews") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

it("another customer is refused an order's shipment; the order's customer and admins see it", async () => {
  const { orderId, id } = await freshShipment();
  const query = `{ _entities(representations: [{ __typename: "Order", id: "${orderId}" }]) { ... on Order { shipment { id } } } }`;
  const asBob = await svc.graphql<{ _entities: Array<{ shipment: unknown }> }>(query, {}, svc.tokens.bob);
  expect(asBob.body.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
  expect(asBob.body.data?._entities[0]?.shipment ?? null).toBeNull();
  for (const token of [svc.tokens.alice, svc.tokens.admin]) {
    const seen = await svc.graphql<{ _entities: Array<{ shipment: unknown }> }>(query, {}, token);
    expect(seen.body.data?._entities).toEqual([{ shipment: { id } }]);
  }
});

it("a token for shipping issued to another client (test-intruder) cannot make, cancel or read shipments or quotes", async () => {
  // test-intruder's client-credentials token names shipping in its audience, but it is not orders.
  const intruder = svc.client(await serviceToken(testKeycloak(), "test-intruder"));
  const shipment = await freshShipment();
  const refusals = [
    await rpcError(intruder.createShipment(await createRequest())),
    await rpcError(intruder.cancelShipment({ shipmentId: shipment.id })),
    await rpcError(intruder.batchGetShipmentsByOrder({ orderIds: [shipment.orderId] })),
    await rpcError(intruder.getShippingQuote({ quoteId: shipment.quoteId })),
  ];
  expect(refusals.map((e) => [e.code, e.rawMessage])).toEqual([
    [Code.PermissionDenied, "CreateShipment is open to orders, not to test-intruder"],
    [Code.PermissionDenied, "CancelShipment is open to orders, not to test-intruder"],
    [Code.PermissionDenied, "BatchGetShipmentsByOrder is open to orders, bff-web, bff-mobile, not to test-intruder"],
    [Code.PermissionDenied, "GetShippingQuote is open to orders, not to test-intruder"],
  ]);
  const { shipments } = await svc.orders.batchGetShipmentsByOrder({ orderIds: [shipment.orderId] });
  expect(shipments).toEqual([shipment]);
});

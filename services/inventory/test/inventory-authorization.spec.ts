import {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  rpcOutcome,
  serviceToken,
  testKeycloak,
  type EntryPoint,
  type Identity,
  type MatrixTokens,
} from "@emporium/testing";
import { startInventory, type RunningInventory } from "./inventory-harness";

/** Inventory's rows of the authorization harness. */
let inv: RunningInventory;
let skuCounter = 0;
const skuId = () => `auth-sku-${process.pid}-${++skuCounter}`;
const everyone: Identity[] = ["anonymous", "customer", "admin", "service"];
/** Stocked generously in beforeAll, so no row ever fails for lack of stock. */
const SEEDED_SKU = `matrix-sku-${process.pid}`;

/** A reservation made by orders, for the release and commit rows (each call gets a fresh one). */
const freshReservation = async () =>
  (await inv.orders.reserveStock({ lines: [{ skuId: SEEDED_SKU, quantity: 1n }], ttlSeconds: 60 })).reservation!.id;

const entryPoints: EntryPoint[] = [
  {
    name: "rpc GetAvailability",
    allowed: everyone,
    call: (t) => rpcOutcome(inv.client(t).getAvailability({ skuId: SEEDED_SKU })),
  },
  {
    name: "rpc BatchGetAvailability",
    allowed: everyone,
    call: (t) => rpcOutcome(inv.client(t).batchGetAvailability({ skuIds: [SEEDED_SKU] })),
  },
  {
    name: "rpc ReserveStock",
    allowed: ["service"],
    call: (t) =>
      rpcOutcome(inv.client(t).reserveStock({ lines: [{ skuId: SEEDED_SKU, quantity: 1n }], ttlSeconds: 60 })),
  },
  {
    name: "rpc ReleaseReservation",
    allowed: ["service"],
    call: async (t) => rpcOutcome(inv.client(t).releaseReservation({ reservationId: await freshReservation() })),
  },
  {
    name: "rpc CommitReservation",
    allowed: ["service"],
    call: async (t) => rpcOutcome(inv.client(t).commitReservation({ reservationId: await freshReservation() })),
  },
  {
    name: "rpc AdjustStock",
    allowed: ["admin"],
    call: (t) =>
      rpcOutcome(
        inv.client(t).adjustStock({ skuId: skuId(), warehouseId: "wh-a", delta: 1n, reason: "matrix", productId: "p" }),
      ),
  },
  {
    name: "subgraph _entities availability",
    allowed: everyone,
    call: async (t) =>
      graphqlOutcome(
        await fetch(`${inv.httpUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify({
            query: `{ _entities(representations: [{ __typename: "Product", id: "0192f000-0000-7000-8000-000000000021" }]) { ... on Product { availability { quantity } } } }`,
          }),
        }),
      ),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  inv = await startInventory();
  await inv.client(inv.adminToken).adjustStock({
    skuId: SEEDED_SKU,
    warehouseId: "wh-a",
    delta: 100_000n,
    reason: "matrix stock",
    productId: "matrix-product",
  });
  // orders' client-credentials token is for inventory and orders may reserve; reviews' is not for inventory.
  tokens = await matrixTokens(kc, {
    service: "orders",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "reviews") },
  });
}, 120_000);
afterAll(() => inv?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

// catalog's token and the test-only client's (test-intruder) both name inventory in their audience,
// but they were issued to other clients (azp): reservations are open to orders only.
it.each(["catalog", "test-intruder"])(
  "a token for inventory issued to another client (%s) cannot touch reservations",
  async (clientId) => {
    const token = await serviceToken(testKeycloak(), clientId);
    const reservation = await freshReservation();
    for (const call of [
      () => inv.client(token).reserveStock({ lines: [{ skuId: SEEDED_SKU, quantity: 1n }] }),
      () => inv.client(token).releaseReservation({ reservationId: reservation }),
      () => inv.client(token).commitReservation({ reservationId: reservation }),
    ])
      expect(await rpcOutcome(call())).toBe("forbidden");
    expect(await rpcOutcome(inv.client(token).getAvailability({ skuId: SEEDED_SKU }))).toBe("ok");
  },
);

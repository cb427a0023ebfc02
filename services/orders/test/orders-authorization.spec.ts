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
import { startOrders, type RunningOrders } from "./orders-harness";

/** Orders' rows of the authorization harness. */
let svc: RunningOrders;
const people: Identity[] = ["customer", "admin"];

/** The caller's own order, where they can have one: a refusal must be for who asks, not NOT_FOUND. */
const ownId = (t: string | undefined): Promise<string> =>
  t
    ? svc
        .client(t)
        .createOrder({ title: "matrix" })
        .then(
          (r) => r.order!.id,
          () => "none",
        )
    : Promise.resolve("none");

const entryPoints: EntryPoint[] = [
  {
    name: "rpc CreateOrder",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).createOrder({ title: "matrix" })),
  },
  {
    name: "rpc GetOrder (own)",
    allowed: people,
    call: async (t) => rpcOutcome(svc.client(t).getOrder({ id: await ownId(t) })),
  },
  {
    name: "rpc ListMyOrders",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).listMyOrders({})),
  },
  {
    name: "subgraph myOrders",
    allowed: people,
    call: async (t) =>
      graphqlOutcome(
        await fetch(`${svc.httpUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify({ query: "{ myOrders(first: 1) { edges { node { id } } } }" }),
        }),
      ),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startOrders();
  tokens = await matrixTokens(kc, {
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "inventory") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

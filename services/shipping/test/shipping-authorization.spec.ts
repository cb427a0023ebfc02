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
import { startShipping, type RunningShipping } from "./shipping-harness";

/** Shipping' rows of the authorization harness. */
let svc: RunningShipping;
const people: Identity[] = ["customer", "admin"];

/** The caller's own shipping, where they can have one: a refusal must be for who asks, not NOT_FOUND. */
const ownId = (t: string | undefined): Promise<string> =>
  t
    ? svc
        .client(t)
        .createShipping({ title: "matrix" })
        .then(
          (r) => r.shipping!.id,
          () => "none",
        )
    : Promise.resolve("none");

const entryPoints: EntryPoint[] = [
  {
    name: "rpc CreateShipping",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).createShipping({ title: "matrix" })),
  },
  {
    name: "rpc GetShipping (own)",
    allowed: people,
    call: async (t) => rpcOutcome(svc.client(t).getShipping({ id: await ownId(t) })),
  },
  {
    name: "rpc ListMyShippings",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).listMyShippings({})),
  },
  {
    name: "subgraph myShippings",
    allowed: people,
    call: async (t) =>
      graphqlOutcome(
        await fetch(`${svc.httpUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify({ query: "{ myShippings(first: 1) { edges { node { id } } } }" }),
        }),
      ),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startShipping();
  tokens = await matrixTokens(kc, {
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "inventory") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

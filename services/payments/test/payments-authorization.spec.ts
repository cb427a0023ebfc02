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
import { startPayments, type RunningPayments } from "./payments-harness";

/** Payments' rows of the authorization harness. */
let svc: RunningPayments;
const people: Identity[] = ["customer", "admin"];

/** The caller's own payment, where they can have one: a refusal must be for who asks, not NOT_FOUND. */
const ownId = (t: string | undefined): Promise<string> =>
  t
    ? svc
        .client(t)
        .createPayment({ title: "matrix" })
        .then(
          (r) => r.payment!.id,
          () => "none",
        )
    : Promise.resolve("none");

const entryPoints: EntryPoint[] = [
  {
    name: "rpc CreatePayment",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).createPayment({ title: "matrix" })),
  },
  {
    name: "rpc GetPayment (own)",
    allowed: people,
    call: async (t) => rpcOutcome(svc.client(t).getPayment({ id: await ownId(t) })),
  },
  {
    name: "rpc ListMyPayments",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).listMyPayments({})),
  },
  {
    name: "subgraph myPayments",
    allowed: people,
    call: async (t) =>
      graphqlOutcome(
        await fetch(`${svc.httpUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify({ query: "{ myPayments(first: 1) { edges { node { id } } } }" }),
        }),
      ),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startPayments();
  tokens = await matrixTokens(kc, {
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "inventory") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

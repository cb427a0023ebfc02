import { describeAuthorizationMatrix, graphqlOutcome, matrixTokens, rpcOutcome, serviceToken, testKeycloak, type EntryPoint, type Identity, type MatrixTokens } from "@emporium/testing";
import { BOB, startCustomers, type RunningCustomers } from "./customers-harness";

/** Customers' rows of the authorization harness. */
let svc: RunningCustomers;
const everyone: Identity[] = ["anonymous", "customer", "admin", "service"];
const people: Identity[] = ["customer", "admin"];
const address = { recipient: "R", line1: "L1", postalCode: "12345", city: "C", countryCode: "DE" };
const gql = (query: string) => async (t?: string) =>
  graphqlOutcome(await fetch(`${svc.httpUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) }, body: JSON.stringify({ query }) }));

const entryPoints: EntryPoint[] = [
  { name: "rpc GetMyProfile", allowed: people, call: (t) => rpcOutcome(svc.client(t).getMyProfile({})) },
  { name: "rpc UpdateMyProfile", allowed: people, call: (t) => rpcOutcome(svc.client(t).updateMyProfile({})) },
  { name: "rpc AddMyAddress", allowed: people, call: (t) => rpcOutcome(svc.client(t).addMyAddress({ address }).then(async (r) => svc.client(t).removeMyAddress({ addressId: r.customer!.addresses.at(-1)!.id }))) },
  { name: "rpc GetCustomer", allowed: everyone, call: (t) => rpcOutcome(svc.client(t).getCustomer({ id: BOB })) },
  { name: "subgraph me", allowed: people, call: gql(`{ me { id displayName email } }`) },
  { name: "subgraph _entities public fields", allowed: everyone, call: gql(`{ _entities(representations: [{ __typename: "Customer", id: "${BOB}" }]) { ... on Customer { displayName } } }`) },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startCustomers();
  // orders may call customers; catalog's token is for inventory.
  tokens = await matrixTokens(kc, { service: "orders", wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "catalog") } });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

import {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  privateFieldsOutcome,
  rpcOutcome,
  serviceToken,
  testKeycloak,
  type EntryPoint,
  type Identity,
  type MatrixTokens,
  type Outcome,
} from "@emporium/testing";
import { ALICE, BOB, startCustomers, type RunningCustomers } from "./customers-harness";

/** Customers' rows of the authorization harness. */
let svc: RunningCustomers;
let n = 0;
const everyone: Identity[] = ["anonymous", "customer", "admin", "service"];
const people: Identity[] = ["customer", "admin"];
const address = { recipient: "R", line1: "L1", postalCode: "12345", city: "C", countryCode: "DE" };
const post = (query: string, t?: string) =>
  fetch(`${svc.httpUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
    body: JSON.stringify({ query }),
  });
const gql = (query: string) => async (t?: string) => graphqlOutcome(await post(query, t));
const privateOf = privateFieldsOutcome((data) =>
  (data._entities as Array<{ email?: unknown; addresses?: unknown } | null>).flatMap((c) => [c?.email, c?.addresses]),
);
const privateFieldsOf = (id: string) => async (t?: string) =>
  privateOf(
    await post(
      `{ _entities(representations: [{ __typename: "Customer", id: "${id}" }]) { ... on Customer { displayName email addresses { city } } } }`,
      t,
    ),
  );

/**
 * The private-fields classifier over RPC, where a profile's private fields are left empty rather
 * than refused: "ok" when email and addresses came back, otherwise the refusal they stand for
 * (UNAUTHENTICATED without a token, FORBIDDEN with one). Token refusals are classified as usual.
 */
const privateOverRpc = (id: string) => async (t?: string) => {
  let shown = false;
  const call = svc
    .client(t)
    .batchGetCustomers({ ids: [id] })
    .then(
      (r) => (shown = r.customers.length === 1 && r.customers[0]!.email !== "" && r.customers[0]!.addresses.length > 0),
    );
  const outcome = await rpcOutcome(call);
  if (outcome !== "ok" || shown) return outcome;
  return t ? "forbidden" : "unauthenticated";
};

/** Adds an address with the caller's token and returns its id, or undefined when the caller may not. */
const addAddress = (t: string | undefined, recipient: string) =>
  t
    ? svc
        .client(t)
        .addMyAddress({ address: { ...address, recipient } })
        .then(
          (r) => r.customer!.addresses.find((a) => a.recipient === recipient)!.id,
          () => undefined,
        )
    : Promise.resolve(undefined);

/**
 * Runs `use` on an address the caller owns where they can own one; otherwise on one of the admin's
 * (whose claims the one-defect tokens carry), so a refused token is refused for the token, never
 * because the address was not found. The address is removed afterwards.
 */
async function onAnAddress(t: string | undefined, use: (addressId: string) => Promise<Outcome>): Promise<Outcome> {
  const recipient = `matrix-${process.pid}-${++n}`;
  const mine = await addAddress(t, recipient);
  const owner = mine ? t : tokens.identities.admin;
  const addressId = mine ?? (await addAddress(owner, recipient))!;
  try {
    return await use(addressId);
  } finally {
    await svc
      .client(owner)
      .removeMyAddress({ addressId })
      .catch(() => undefined);
  }
}

const entryPoints: EntryPoint[] = [
  { name: "rpc GetMyProfile", allowed: people, call: (t) => rpcOutcome(svc.client(t).getMyProfile({})) },
  { name: "rpc UpdateMyProfile", allowed: people, call: (t) => rpcOutcome(svc.client(t).updateMyProfile({})) },
  {
    name: "rpc AddMyAddress",
    allowed: people,
    call: async (t) => {
      const recipient = `matrix-${process.pid}-${++n}`;
      const outcome = await rpcOutcome(svc.client(t).addMyAddress({ address: { ...address, recipient } }));
      const added = (
        await svc
          .client(t)
          .getMyProfile({})
          .catch(() => undefined)
      )?.customer?.addresses.find((a) => a.recipient === recipient);
      if (added) await svc.client(t).removeMyAddress({ addressId: added.id });
      return outcome;
    },
  },
  {
    name: "rpc GetMyAddress (own address)",
    allowed: people,
    call: (t) => onAnAddress(t, (addressId) => rpcOutcome(svc.client(t).getMyAddress({ addressId }))),
  },
  {
    name: "rpc UpdateMyAddress (own address)",
    allowed: people,
    call: (t) =>
      onAnAddress(t, (addressId) =>
        rpcOutcome(svc.client(t).updateMyAddress({ addressId, address: { ...address, city: "Changed" } })),
      ),
  },
  {
    name: "rpc RemoveMyAddress (own address)",
    allowed: people,
    call: (t) => onAnAddress(t, (addressId) => rpcOutcome(svc.client(t).removeMyAddress({ addressId }))),
  },
  { name: "rpc GetCustomer", allowed: everyone, call: (t) => rpcOutcome(svc.client(t).getCustomer({ id: BOB })) },
  {
    name: "rpc BatchGetCustomers",
    allowed: everyone,
    call: (t) => rpcOutcome(svc.client(t).batchGetCustomers({ ids: [ALICE, BOB] })),
  },
  { name: "rpc BatchGetCustomers private fields of the caller", allowed: people, call: privateOverRpc(ALICE) },
  { name: "rpc BatchGetCustomers private fields of someone else", allowed: ["admin"], call: privateOverRpc(BOB) },
  { name: "subgraph me", allowed: people, call: gql(`{ me { id displayName email } }`) },
  {
    name: "subgraph _entities public fields",
    allowed: everyone,
    call: gql(
      `{ _entities(representations: [{ __typename: "Customer", id: "${BOB}" }]) { ... on Customer { displayName } } }`,
    ),
  },
  // The customer identity is alice: her own private fields are hers; bob's are the admin's business only.
  {
    name: "subgraph _entities private fields of the caller (email, addresses)",
    allowed: people,
    call: privateFieldsOf(ALICE),
  },
  {
    name: "subgraph _entities private fields of someone else (email, addresses)",
    allowed: ["admin"],
    call: privateFieldsOf(BOB),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startCustomers();
  // orders may call customers; catalog's token is for inventory.
  tokens = await matrixTokens(kc, {
    service: "orders",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "catalog") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

import { create } from "@bufbuild/protobuf";
import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
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
import { decodeJwt } from "jose";
import { welcomeCustomer } from "../src/application/welcome-customer";
import { sourceEvent, startNotifications, type RunningNotifications } from "./notifications-harness";

/** Notifications' rows of the authorization harness. */
let svc: RunningNotifications;
let n = 0;
const everyone: Identity[] = ["anonymous", "customer", "admin", "service"];
const people: Identity[] = ["customer", "admin"];
/** A notification of each person the matrix signs in as, so "mark read" has something of theirs to mark. */
const ownNotification = new Map<string, string>();

const gql = (query: string) => async (t: string | undefined) =>
  graphqlOutcome(
    await fetch(`${svc.httpUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
      body: JSON.stringify({ query }),
    }),
  );
const own = (t: string | undefined) => {
  try {
    return (t && ownNotification.get(String(decodeJwt(t).sub))) || "none";
  } catch {
    return "none";
  }
};

const entryPoints: EntryPoint[] = [
  {
    name: "rpc WatchProduct",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).watchProduct({ productId: `matrix-${process.pid}-${++n}` })),
  },
  {
    name: "rpc UnwatchProduct",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).unwatchProduct({ productId: "matrix-product" })),
  },
  { name: "rpc ListWatchedProducts", allowed: people, call: (t) => rpcOutcome(svc.client(t).listWatchedProducts({})) },
  { name: "rpc ListNotifications", allowed: people, call: (t) => rpcOutcome(svc.client(t).listNotifications({})) },
  {
    name: "rpc MarkNotificationRead (own notification)",
    allowed: people,
    call: (t) => rpcOutcome(svc.client(t).markNotificationRead({ notificationId: own(t) })),
  },
  {
    name: "subgraph Query.myNotifications",
    allowed: people,
    call: gql(`{ myNotifications(first: 5) { edges { node { id kind } } pageInfo { hasNextPage } } }`),
  },
  {
    name: "subgraph Mutation.watchProduct",
    allowed: people,
    call: (t) => gql(`mutation { watchProduct(productId: "matrix-gql-${process.pid}-${++n}") { id watchedByMe } }`)(t),
  },
  {
    name: "subgraph Mutation.unwatchProduct",
    allowed: people,
    call: gql(`mutation { unwatchProduct(productId: "matrix-product") { id watchedByMe } }`),
  },
  {
    name: "subgraph Mutation.markNotificationRead (own notification)",
    allowed: people,
    call: (t) => gql(`mutation { markNotificationRead(id: "${own(t)}") { id readAt } }`)(t),
  },
  {
    name: "subgraph Product.watchedByMe (_entities)",
    allowed: everyone,
    call: gql(
      `{ _entities(representations: [{ __typename: "Product", id: "matrix-product" }]) { ... on Product { watchedByMe } } }`,
    ),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startNotifications();
  tokens = await matrixTokens(kc, {
    service: "bff-web",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "inventory") },
  });
  for (const token of [tokens.identities.customer!, tokens.identities.admin!]) {
    const customerId = String(decodeJwt(token).sub);
    await svc.inTx((tx) =>
      welcomeCustomer(
        svc.app.deps,
        tx,
        create(CustomerRegisteredSchema, { customerId }),
        sourceEvent(CustomerRegisteredSchema.typeName),
      ),
    );
    ownNotification.set(
      customerId,
      (await svc.app.pool.query<{ id: string }>("SELECT id FROM notifications WHERE customer_id = $1", [customerId]))
        .rows[0]!.id,
    );
  }
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

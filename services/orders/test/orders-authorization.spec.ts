import { OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
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
} from "@emporium/testing";
import { appendPlacedOrder, deliveredOrder, projected, startOrders, type RunningOrders } from "./orders-harness";

/** Orders' rows of the authorization harness. */
let svc: RunningOrders;
const people: Identity[] = ["customer", "admin"];
const admins: Identity[] = ["admin"];

const subjectOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { sub?: string }).sub ?? "";

/**
 * A PENDING order of the token's subject (for a token that is no token, of the admin, whose claims
 * the one-defect tokens carry): a refusal is for the token or the role, never a NOT_FOUND.
 */
async function ownOrder(t: string | undefined): Promise<string> {
  const owner = subjectOf(t && t.split(".").length === 3 ? t : tokens.identities.admin!);
  const { orderId, position } = await appendPlacedOrder(svc, owner || "nobody");
  await projected(svc, position);
  return orderId;
}

const post = (t: string | undefined, query: string) =>
  fetch(`${svc.httpUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
    body: JSON.stringify({ query }),
  });
const gql = async (t: string | undefined, query: string) => graphqlOutcome(await post(t, query));
/** `_entities` answers a list with a null per refused entity: only the orders' values count. */
const entities = (pick: (entity: Record<string, unknown> | null) => unknown) =>
  privateFieldsOutcome((data) => (data._entities as Array<Record<string, unknown> | null>).map(pick));
const orderIds = entities((o) => o?.id);
const customerOrders = entities((c) => c?.orders);

const entryPoints: EntryPoint[] = [
  {
    name: "rpc GetOrder (own)",
    allowed: people,
    call: async (t) => rpcOutcome(svc.client(t).getOrder({ id: await ownOrder(t) })),
  },
  { name: "rpc ListMyOrders", allowed: people, call: (t) => rpcOutcome(svc.client(t).listMyOrders({})) },
  {
    name: "rpc ListOrdersByStatus",
    allowed: admins,
    call: (t) => rpcOutcome(svc.client(t).listOrdersByStatus({ status: OrderStatus.PENDING })),
  },
  {
    name: "rpc CancelOrder (own)",
    allowed: people,
    call: async (t) => rpcOutcome(svc.client(t).cancelOrder({ orderId: await ownOrder(t) })),
  },
  {
    name: "rpc RefundOrder (a delivered order)",
    allowed: admins,
    call: async (t) => rpcOutcome(svc.client(t).refundOrder({ orderId: await deliveredOrder(svc, "someone") })),
  },
  {
    name: "subgraph refundOrder (a delivered order)",
    allowed: admins,
    call: async (t) =>
      gql(t, `mutation { refundOrder(input: { orderId: "${await deliveredOrder(svc, "someone")}" }) { id } }`),
  },
  {
    name: "subgraph order (own)",
    allowed: people,
    call: async (t) => gql(t, `{ order(id: "${await ownOrder(t)}") { id status } }`),
  },
  {
    name: "subgraph ordersByStatus",
    allowed: admins,
    call: (t) => gql(t, "{ ordersByStatus(status: PENDING, first: 1) { edges { node { id } } } }"),
  },
  {
    name: "subgraph cancelOrder (own)",
    allowed: people,
    call: async (t) => gql(t, `mutation { cancelOrder(input: { orderId: "${await ownOrder(t)}" }) { id status } }`),
  },
  {
    name: "subgraph _entities Order (own)",
    allowed: people,
    call: async (t) =>
      orderIds(
        await post(
          t,
          `{ _entities(representations: [{ __typename: "Order", id: "${await ownOrder(t)}" }]) { ... on Order { id } } }`,
        ),
      ),
  },
  {
    name: "subgraph _entities Customer.orders (own)",
    allowed: people,
    call: async (t) => {
      const owner = subjectOf(t && t.split(".").length === 3 ? t : tokens.identities.admin!);
      return customerOrders(
        await post(
          t,
          `{ _entities(representations: [{ __typename: "Customer", id: "${owner}" }]) { ... on Customer { orders(first: 1) { edges { node { id } } } } } }`,
        ),
      );
    },
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

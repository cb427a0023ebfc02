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
import { startCartsWithCatalog, type RunningCarts } from "./carts-harness";

/** Carts' rows of the authorization harness: guests and signed-in people have carts, services none. */
let svc: RunningCarts;
const peopleAndGuests: Identity[] = ["anonymous", "customer", "admin"];
const people: Identity[] = ["customer", "admin"];
const sku = () => svc.skus[0]!.id;

/**
 * The caller's own cart holding a line of sku(), where they can have one: a guest's cart token, or ""
 * for a signed-in caller. A refusal must then be for who asks, never a NOT_FOUND.
 */
async function ownCartWithLine(token: string | undefined): Promise<string> {
  const added = await svc
    .carts(token)
    .addCartLine({ skuId: sku(), quantity: 1 })
    .catch(() => undefined);
  return added?.cartToken ?? "";
}

/** A guest cart of someone who has not signed in yet: the token a signed-in caller merges. */
const guestCartToken = async () => (await svc.carts().addCartLine({ skuId: sku(), quantity: 1 })).cartToken;

const gql = (query: string, variables: Record<string, unknown>, token: string | undefined) =>
  fetch(`${svc.httpUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  }).then(graphqlOutcome);

const entryPoints: EntryPoint[] = [
  {
    name: "rpc GetCart",
    allowed: peopleAndGuests,
    call: async (t) => rpcOutcome(svc.carts(t).getCart({ cartToken: await ownCartWithLine(t) })),
  },
  {
    name: "rpc AddCartLine",
    allowed: peopleAndGuests,
    call: (t) => rpcOutcome(svc.carts(t).addCartLine({ skuId: sku(), quantity: 1 })),
  },
  {
    name: "rpc UpdateCartLine (own line)",
    allowed: peopleAndGuests,
    call: async (t) =>
      rpcOutcome(svc.carts(t).updateCartLine({ cartToken: await ownCartWithLine(t), skuId: sku(), quantity: 2 })),
  },
  {
    name: "rpc RemoveCartLine (own line)",
    allowed: peopleAndGuests,
    call: async (t) => rpcOutcome(svc.carts(t).removeCartLine({ cartToken: await ownCartWithLine(t), skuId: sku() })),
  },
  {
    name: "rpc MergeGuestCart",
    allowed: people,
    call: async (t) => rpcOutcome(svc.carts(t).mergeGuestCart({ cartToken: await guestCartToken() })),
  },
  {
    name: "subgraph cart",
    allowed: peopleAndGuests,
    call: async (t) =>
      gql("query ($t: String) { cart(cartToken: $t) { id } }", { t: (await ownCartWithLine(t)) || null }, t),
  },
  {
    name: "subgraph addCartLine",
    allowed: peopleAndGuests,
    call: (t) =>
      gql("mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cart { id } } }", { s: sku() }, t),
  },
  {
    name: "subgraph updateCartLine (own line)",
    allowed: peopleAndGuests,
    call: async (t) =>
      gql(
        "mutation ($t: String, $s: ID!) { updateCartLine(input: { cartToken: $t, skuId: $s, quantity: 2 }) { id } }",
        { t: (await ownCartWithLine(t)) || null, s: sku() },
        t,
      ),
  },
  {
    name: "subgraph removeCartLine (own line)",
    allowed: peopleAndGuests,
    call: async (t) =>
      gql(
        "mutation ($t: String, $s: ID!) { removeCartLine(input: { cartToken: $t, skuId: $s }) { id } }",
        { t: (await ownCartWithLine(t)) || null, s: sku() },
        t,
      ),
  },
  {
    name: "subgraph mergeGuestCart",
    allowed: people,
    call: async (t) =>
      gql(
        "mutation ($t: String!) { mergeGuestCart(input: { cartToken: $t }) { id } }",
        { t: await guestCartToken() },
        t,
      ),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startCartsWithCatalog();
  tokens = await matrixTokens(kc, {
    // A service that may call orders (its token is accepted) but has no cart.
    service: "bff-web",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "inventory") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

import { randomUUID } from "node:crypto";
import {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  privateFieldsOutcome,
  serviceToken,
  startPlatform,
  testKeycloak,
  type EntryPoint,
  type MatrixTokens,
  type RunningPlatform,
} from "@emporium/testing";

/**
 * The gateway's rows of the authorization harness: the token is verified at the gateway (401 before
 * any planning) and again in the subgraph, which decides what the caller may do.
 */
let platform: RunningPlatform;
const post = (query: string, token?: string) =>
  fetch(`${platform.gatewayUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
const op = (query: string) => async (token?: string) => graphqlOutcome(await post(query, token));

type Authors = {
  product: {
    reviews: { edges: Array<{ node: { author: { email?: unknown; addresses?: unknown } | null } }> } | null;
  } | null;
};
const authorsPrivate = privateFieldsOutcome((data) =>
  ((data as Authors).product?.reviews?.edges ?? []).flatMap((e) => [e.node.author?.email, e.node.author?.addresses]),
);
/** The email and addresses of a product's review authors, reached as the gateway does: Review.author is a Customer reference. */
const authorsOf = (productId: string) => async (token?: string) =>
  authorsPrivate(
    await post(
      `{ product(id: "${productId}") { reviews(first: 5) { edges { node { author { displayName email addresses { city } } } } } } }`,
      token,
    ),
  );
// Seeded reviews: product 0x21 only by alice (the customer identity), product 0x51 only by bob.
const REVIEWED_BY_ALICE = "0192f000-0000-7000-8000-000000000021";
const REVIEWED_BY_BOB = "0192f000-0000-7000-8000-000000000051";

const entryPoints: EntryPoint[] = [
  {
    name: "gateway query products",
    allowed: ["anonymous", "customer", "admin"],
    call: op(`{ products(first: 2) { edges { node { id name } } } }`),
  },
  { name: "gateway query me", allowed: ["customer", "admin"], call: op(`{ me { id displayName email } }`) },
  {
    name: "gateway product page (catalog, inventory, reviews, customers)",
    allowed: ["anonymous", "customer", "admin"],
    call: op(
      `{ products(first: 3) { edges { node { name availability { inStock } rating { average } reviews(first: 2) { edges { node { author { displayName } } } } } } } }`,
    ),
  },
  {
    name: "gateway Review.author private fields of the caller (email, addresses)",
    allowed: ["customer", "admin"],
    call: authorsOf(REVIEWED_BY_ALICE),
  },
  {
    name: "gateway Review.author private fields of someone else (email, addresses)",
    allowed: ["admin"],
    call: authorsOf(REVIEWED_BY_BOB),
  },
  {
    name: "gateway query myNotifications",
    allowed: ["customer", "admin"],
    call: op(`{ myNotifications(first: 3) { edges { node { id kind title } } } }`),
  },
  {
    name: "gateway mutation watchProduct",
    allowed: ["customer", "admin"],
    call: op(`mutation { watchProduct(productId: "0192f000-0000-7000-8000-000000000001") { id name watchedByMe } }`),
  },
  {
    name: "gateway product watchedByMe",
    allowed: ["anonymous", "customer", "admin"],
    call: op(`{ products(first: 3) { edges { node { name watchedByMe } } } }`),
  },
  {
    name: "gateway mutation createProduct",
    allowed: ["admin"],
    call: (t) =>
      op(
        `mutation { createProduct(input: { name: "Gateway probe", categoryId: "cat-office", skus: [{ code: "GW-${randomUUID().slice(0, 8).toUpperCase()}", name: "probe", price: { amount: "2.00", currency: "EUR" } }] }) { id } }`,
      )(t),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!);
  // The gateway serves people: even a valid service token (audience catalog, not emporium-api) is refused.
  tokens = await matrixTokens(kc, {
    wrongAudience: { name: "a service token", token: await serviceToken(kc, "orders") },
  });
}, 300_000);
afterAll(() => platform?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

it("answers an invalid token with 401, a WWW-Authenticate challenge and a GraphQL error body", async () => {
  const res = await fetch(`${platform.gatewayUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer not.a.token" },
    body: JSON.stringify({ query: "{ categories { id } }" }),
  });
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
  expect(await res.json()).toEqual({
    errors: [
      { message: "malformed access token", extensions: { code: "UNAUTHENTICATED", requestId: expect.any(String) } },
    ],
  });
});

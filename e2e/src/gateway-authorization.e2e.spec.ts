import { randomUUID } from "node:crypto";
import {
  expectedOutcome, expiredToken, forgedTokens, graphqlOutcome, masterRealmToken, serviceToken, startPlatform, testKeycloak, userIdToken, userToken,
  type EntryPoint, type Identity, type RunningPlatform,
} from "@emporium/testing";

/**
 * The gateway's rows of the authorization harness: the token is verified at the gateway (401 before
 * any planning) and again in the subgraph, which decides what the caller may do.
 */
let platform: RunningPlatform;
const op = (query: string) => async (token?: string) =>
  graphqlOutcome(await fetch(`${platform.gatewayUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) }));

const entryPoints: EntryPoint[] = [
  { name: "gateway query products", allowed: ["anonymous", "customer", "admin"], call: op(`{ products(first: 2) { edges { node { id name } } } }`) },
  { name: "gateway mutation createProduct", allowed: ["admin"], call: (t) => op(`mutation { createProduct(input: { name: "Gateway probe", categoryId: "cat-office", skus: [{ code: "GW-${randomUUID().slice(0, 8).toUpperCase()}", name: "probe", price: { amount: "2.00", currency: "EUR" } }] }) { id } }`)(t) },
];

const identities: Partial<Record<Identity, string | undefined>> = {};
const badTokens: Record<string, string> = {};

beforeAll(async () => {
  const kc = testKeycloak();
  platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!);
  const [customer, admin] = await Promise.all([userToken(kc, "alice"), userToken(kc, "ada")]);
  Object.assign(identities, { anonymous: undefined, customer, admin });
  Object.assign(badTokens, {
    "expired beyond the clock tolerance": await expiredToken(kc, 5),
    "issued by another realm (master)": await masterRealmToken(kc),
    // The gateway serves people: even a valid service token (audience catalog, not emporium-api) is refused.
    "a service token": await serviceToken(kc, "orders"),
    "an ID token instead of an access token": await userIdToken(kc, "ada"),
    ...Object.fromEntries(Object.entries(await forgedTokens(kc, admin)).map(([k, v]) => [`forged: ${k}`, v])),
  });
}, 180_000);
afterAll(() => platform?.stop());

describe.each(entryPoints)("$name", (row) => {
  it("token matrix: every token but a valid one is refused with 401 / UNAUTHENTICATED and no data", async () => {
    const outcomes = await Promise.all(Object.entries(badTokens).map(async ([kind, token]) => [kind, await row.call(token)]));
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(Object.keys(badTokens).map((k) => [k, "unauthenticated"])));
  });

  it("role matrix: anonymous, customer and admin get what the table says", async () => {
    const who = Object.keys(identities) as Identity[];
    const outcomes = await Promise.all(who.map(async (id) => [id, await row.call(identities[id])]));
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(who.map((id) => [id, expectedOutcome(row, id)])));
  });
});

it("answers an invalid token with 401, a WWW-Authenticate challenge and a GraphQL error body", async () => {
  const res = await fetch(`${platform.gatewayUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer not.a.token" }, body: JSON.stringify({ query: "{ categories { id } }" }) });
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
  expect(await res.json()).toEqual({ data: null, errors: [{ message: "malformed access token", extensions: { code: "UNAUTHENTICATED", requestId: expect.any(String) } }] });
});

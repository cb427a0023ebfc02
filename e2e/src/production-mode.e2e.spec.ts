import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { SERVICES } from "@emporium/registry";
import {
  bffQuery,
  gatewayQuery,
  graphqlQuery,
  signInWithPkce,
  startPlatform,
  testKeycloak,
  userToken,
  type RunningPlatform,
} from "@emporium/testing";

type Page = {
  products: {
    edges: Array<{
      node: {
        name: string;
        availability: { inStock: boolean } | null;
        rating: { count: number } | null;
        reviews: { edges: Array<{ node: { author: { displayName: string } | null } }> };
      };
    }>;
  };
};

/**
 * The whole platform in production mode (`EMPORIUM_ENV=production` for the services, the gateway and
 * the BFFs), started once for every production check: the machine runs one platform at a time.
 */
let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
    env: { EMPORIUM_ENV: "production" },
    // bff-web logs unknown documents at info (the check below reads its output).
    bffEnv: { EMPORIUM_LOG_LEVEL: "info" },
  });
}, 300_000);
afterAll(() => platform?.stop());

/**
 * Each subgraph answers the gateway only, and a query the gateway plans across several of them still
 * works, because the gateway sends its own token on every fetch and every service accepts it.
 */
describe("production: the subgraphs answer the gateway only", () => {
  it("serves a query across catalog, inventory, reviews and customers through the gateway", async () => {
    const { status, body } = await gatewayQuery<Page>(
      platform.gatewayUrl,
      `{ products(first: 8, filter: { categoryId: "cat-kitchen" }) { edges { node { name availability { inStock }
          rating { count } reviews(first: 2) { edges { node { author { displayName } } } } } } } }`,
    );

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const skillet = body.data!.products.edges.map((e) => e.node).find((n) => n.name === "Cast Iron Skillet")!;
    expect(skillet.availability).not.toBeNull();
    expect(skillet.rating).toMatchObject({ count: 3 });
    expect(skillet.reviews.edges.map((e) => e.node.author?.displayName)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
  });

  it.each(SERVICES.filter((s) => s.subgraph).map((s) => s.name))(
    "refuses a direct call to the %s subgraph with 403 FORBIDDEN",
    async (name) => {
      const { status, body } = await graphqlQuery(platform.services[name].httpUrl, "{ __typename }");

      expect(status).toBe(403);
      expect(body.errors).toEqual([
        {
          message: expect.stringContaining("this subgraph answers the gateway only"),
          extensions: { code: "FORBIDDEN", requestId: expect.any(String) },
        },
      ]);
    },
  );
});

/** bff-mobile's persisted documents (hash → text), as the SDK generation wrote them. */
const mobileDocuments = JSON.parse(
  readFileSync(path.join(__dirname, "..", "..", "bff-mobile", "persisted-documents.json"), "utf8"),
) as Record<string, string>;
const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The hash bff-mobile's app sends for one of its operations. */
function mobileHash(operation: string): string {
  const found = Object.entries(mobileDocuments).find(([, text]) => new RegExp(`query ${operation}\\b`).test(text));
  if (!found) throw new Error(`no persisted document of bff-mobile runs ${operation}`);
  return found[0];
}

/** A request by hash only, as a mobile app built with the SDK sends it. */
async function byHash(url: string, hash: string, variables: object = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return { status: res.status, body: (await res.json()) as GraphqlBody };
}

type GraphqlBody = { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** Polls until `check` holds, failing after `timeoutMs` (a process's log reaches us through a pipe). */
async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("production: people sign in as the apps do; dev-tokens are refused", () => {
  const kc = testKeycloak();

  it("serves a user signed in through the web client (PKCE) at the gateway and bff-web", async () => {
    const { accessToken } = await signInWithPkce(kc, "alice");
    const atGateway = await gatewayQuery(platform.gatewayUrl, "{ me { id } }", {}, bearer(accessToken));
    expect(atGateway.body).toEqual({ data: { me: { id: ALICE } } });
    const atBff = await bffQuery(platform.bffWebUrl, "query Me { me { id } }", {}, bearer(accessToken));
    expect(atBff.body).toEqual({ data: { me: { id: ALICE } } });
  });

  it("serves a user signed in through the mobile client (PKCE) at bff-mobile, by persisted document", async () => {
    const { accessToken } = await signInWithPkce(kc, "alice", { clientId: "mobile" });
    const home = await byHash(platform.bffMobileUrl, mobileHash("HomeScreen"), { first: 2 }, bearer(accessToken));
    expect(home.status).toBe(200);
    expect(home.body.errors).toBeUndefined();
    // badges are the signed-in person's: null for a guest.
    expect(home.body.data).toMatchObject({ homeScreen: { badges: { cartItems: expect.any(Number) } } });
  });

  it("refuses a dev-tokens token at the gateway and both BFFs: 401 UNAUTHENTICATED", async () => {
    const devToken = await userToken(kc, "alice");
    for (const url of [platform.gatewayUrl, platform.bffWebUrl, platform.bffMobileUrl]) {
      const { status, body } = await graphqlQuery(url, "{ __typename }", {}, bearer(devToken));
      expect([url, status, body.errors?.[0]?.extensions?.code]).toEqual([url, 401, "UNAUTHENTICATED"]);
    }
  });
});

describe("production: nothing to map the graph by at the gateway and the BFFs", () => {
  it("refuses introspection and suggests no field names", async () => {
    for (const url of [platform.gatewayUrl, platform.bffWebUrl]) {
      const introspection = await graphqlQuery(url, "{ __schema { queryType { name } } }");
      expect([url, introspection.status, introspection.body.errors?.[0]?.message]).toEqual([
        url,
        400,
        "introspection is disabled in production: __schema cannot be queried",
      ]);
      const typo = await graphqlQuery(url, "{ categorie { id } }");
      expect([url, typo.status, typo.body.errors?.[0]?.message]).toEqual([
        url,
        400,
        'Cannot query field "categorie" on type "Query".',
      ]);
    }
  });

  it("has no GraphiQL", async () => {
    for (const url of [platform.gatewayUrl, platform.bffWebUrl, platform.bffMobileUrl])
      expect([url, (await fetch(`${url}/graphiql`)).status]).toEqual([url, 404]);
  });
});

describe("production: trusted documents", () => {
  it("bff-mobile refuses any operation but its persisted documents, by text or by an unknown hash", async () => {
    const asText = await bffQuery(platform.bffMobileUrl, "query Mine { homeScreen { categories { id } } }");
    expect([asText.status, asText.body.errors?.[0]?.extensions?.code]).toEqual([400, "PERSISTED_QUERY_REQUIRED"]);
    const unknown = await byHash(platform.bffMobileUrl, "0".repeat(64));
    expect([unknown.status, unknown.body.errors?.[0]?.extensions?.code]).toEqual([400, "PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("bff-web runs a document its persisted ones lack, and logs its hash", async () => {
    const text = "query Mine { categories { id } }";
    const res = await bffQuery<{ categories: unknown[] }>(platform.bffWebUrl, text, {});
    expect(res.status).toBe(200);
    expect(res.body.data?.categories.length).toBeGreaterThan(0);
    const hash = createHash("sha256").update(text).digest("hex");
    await eventually(() =>
      platform.bffs["bff-web"]
        .output()
        .split("\n")
        .some((line) => line.includes("operation not among the persisted documents") && line.includes(hash)),
    );
  });
});

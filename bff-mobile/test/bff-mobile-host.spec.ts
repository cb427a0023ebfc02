import {
  bffQuery,
  forgedTokens,
  startPlatform,
  testKeycloak,
  userToken,
  type RunningPlatform,
} from "@emporium/testing";

/**
 * bff-mobile as `npm start` runs it, in front of the real services and Keycloak: what the kit's BFF
 * host gives every query (tokens, request ids, coded errors) and the probes and GraphiQL beside it.
 */
describe("bff-mobile on the platform", () => {
  const kc = testKeycloak();
  let platform: RunningPlatform;
  let alice: string;
  beforeAll(async () => {
    // A loaded machine (every project's specs at once) must not turn slow calls into UNAVAILABLE.
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
      bffEnv: { EMPORIUM_BFF_MOBILE_CALL_TIMEOUT_MS: "15000" },
    });
    alice = await userToken(kc, "alice");
  }, 300_000);
  afterAll(() => platform?.stop());

  it("answers anonymously from catalog, and `me` is null", async () => {
    const { status, body } = await bffQuery<{ categories: Array<{ name: string }>; me: null }>(
      platform.bffMobileUrl,
      "{ categories { id name } me { id } }",
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.categories.map((c) => c.name)).toContain("Home & Kitchen");
    expect(body.data!.me).toBeNull();
  });

  it("answers `me` with the signed-in customer's own profile, from the verified token", async () => {
    const { status, body } = await bffQuery(platform.bffMobileUrl, "{ me { id displayName } }", undefined, {
      authorization: `Bearer ${alice}`,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { me: { id: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001", displayName: expect.any(String) } },
    });
  });

  it("refuses a forged token with 401 and a coded error, before anything runs", async () => {
    const { unknownKeyId } = await forgedTokens(kc, alice);
    const { status, body } = await bffQuery(platform.bffMobileUrl, "{ me { id } }", undefined, {
      authorization: `Bearer ${unknownKeyId}`,
    });
    expect(status).toBe(401);
    expect(body).toEqual({
      data: null,
      errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED", requestId: expect.any(String) } }],
    });
  });

  it("echoes the caller's request id and codes a bad query without a stack trace", async () => {
    const res = await fetch(`${platform.bffMobileUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "bff-mobile-spec-1" },
      body: JSON.stringify({ query: "{ categories { weightInGrams } }" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-request-id")).toBe("bff-mobile-spec-1");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      data: null,
      errors: [
        {
          message: 'Cannot query field "weightInGrams" on type "Category".',
          locations: [{ line: 1, column: 16 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED", requestId: "bff-mobile-spec-1" },
        },
      ],
    });
    expect(text).not.toMatch(/stack|\.ts:\d+|at [A-Za-z.<>]+ \(/);
    const unparsable = await bffQuery(platform.bffMobileUrl, "{ categories { id ");
    expect(unparsable.body.errors![0]!.extensions).toMatchObject({ code: "GRAPHQL_PARSE_FAILED" });
  });

  it("is ready while every service it calls answers its health check, and alive", async () => {
    const ready = await fetch(`${platform.bffMobileUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "SERVING",
      checks: { catalog: { ok: true }, customers: { ok: true } },
    });
    expect((await fetch(`${platform.bffMobileUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${platform.bffMobileUrl}/metrics`)).text()).toContain('service="bff-mobile"');
  });

  it("serves its GraphiQL offline under a strict Content-Security-Policy", async () => {
    const res = await fetch(`${platform.bffMobileUrl}/graphiql`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(await res.text()).toContain("<title>Emporium bff-mobile GraphiQL</title>");
  });

  it("stops on SIGTERM: drains, then exits 0 (runMain)", async () => {
    expect(await platform.bffs["bff-mobile"].stop()).toBe(0);
  });
});

import { bffQuery, forgedTokens, testKeycloak, userToken, type RunningPlatform } from "@emporium/testing";

/**
 * What the kit's BFF host gives bff-mobile (tokens, request ids, coded errors, probes, GraphiQL,
 * graceful stop), checked on the platform the screens' specs already run: one start for all.
 * Registers the tests; the last one stops bff-mobile, so call it after every other describe.
 */
export function describeHostChecks(platformOf: () => RunningPlatform): void {
  describe("bff-mobile on the kit's BFF host", () => {
    it("refuses a forged token with 401 and a coded error, before anything runs", async () => {
      const kc = testKeycloak();
      const { unknownKeyId } = await forgedTokens(kc, await userToken(kc, "alice"));
      const { status, body } = await bffQuery(
        platformOf().bffMobileUrl,
        "{ homeScreen { badges { cartItems } } }",
        {},
        {
          authorization: `Bearer ${unknownKeyId}`,
        },
      );
      expect(status).toBe(401);
      expect(body).toEqual({
        data: null,
        errors: [
          { message: expect.any(String), extensions: { code: "UNAUTHENTICATED", requestId: expect.any(String) } },
        ],
      });
    });

    it("echoes the caller's request id and codes a bad query without a stack trace", async () => {
      const res = await fetch(`${platformOf().bffMobileUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "bff-mobile-spec-1" },
        body: JSON.stringify({ query: "{ homeScreen { categories { weightInGrams } } }" }),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-request-id")).toBe("bff-mobile-spec-1");
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        data: null,
        errors: [
          {
            message: 'Cannot query field "weightInGrams" on type "Category".',
            locations: [{ line: 1, column: 29 }],
            extensions: { code: "GRAPHQL_VALIDATION_FAILED", requestId: "bff-mobile-spec-1" },
          },
        ],
      });
      expect(text).not.toMatch(/stack|\.ts:\d+|at [A-Za-z.<>]+ \(/);
      const unparsable = await bffQuery(platformOf().bffMobileUrl, "{ homeScreen { ");
      expect(unparsable.body.errors![0]!.extensions).toMatchObject({ code: "GRAPHQL_PARSE_FAILED" });
    });

    it("is ready while every service it calls answers its health check, and alive", async () => {
      const { bffMobileUrl } = platformOf();
      const ready = await fetch(`${bffMobileUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: "SERVING",
        checks: { catalog: { ok: true }, customers: { ok: true } },
      });
      expect((await fetch(`${bffMobileUrl}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${bffMobileUrl}/metrics`)).text()).toContain('service="bff-mobile"');
    });

    it("serves its GraphiQL offline under a strict Content-Security-Policy", async () => {
      const res = await fetch(`${platformOf().bffMobileUrl}/graphiql`);
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
      expect(await res.text()).toContain("<title>Emporium bff-mobile GraphiQL</title>");
    });

    it("stops on SIGTERM: drains, then exits 0 (runMain)", async () => {
      expect(await platformOf().bffs["bff-mobile"].stop()).toBe(0);
    });
  });
}

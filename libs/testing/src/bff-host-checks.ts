import type { BffName } from "@emporium/registry";
import { forgedTokens, testKeycloak, userToken } from "./tokens";
import { bffQuery, type RunningPlatform } from "./platform";

/** Two queries of the BFF's own schema the checks send. */
export interface BffHostCheckQueries {
  /** Any valid query; sent with a forged token, it must never run. */
  valid: string;
  /** A query asking a Category for `weightInGrams`, which it has not (a validation error). */
  unknownCategoryField: string;
}

/**
 * What the kit's BFF host gives a BFF (tokens checked before anything runs, request ids, coded
 * errors without stack traces, probes, metrics, GraphiQL under a strict CSP, a graceful stop),
 * checked on the platform the BFF's own specs already started. Registers the tests; the last one
 * stops the BFF, so call it after every other describe of the file.
 */
export function describeBffHostChecks(
  name: BffName,
  platformOf: () => RunningPlatform,
  queries: BffHostCheckQueries,
): void {
  const urlOf = () => (name === "bff-web" ? platformOf().bffWebUrl : platformOf().bffMobileUrl);

  describe(`${name} on the kit's BFF host`, () => {
    it("refuses a forged token with 401 and a coded error, before anything runs", async () => {
      const kc = testKeycloak();
      const { unknownKeyId } = await forgedTokens(kc, await userToken(kc, "alice"));
      const { status, body } = await bffQuery(urlOf(), queries.valid, undefined, {
        authorization: `Bearer ${unknownKeyId}`,
      });
      expect(status).toBe(401);
      expect(body).toEqual({
        errors: [
          { message: expect.any(String), extensions: { code: "UNAUTHENTICATED", requestId: expect.any(String) } },
        ],
      });
    });

    it("echoes the caller's request id and codes a bad query without a stack trace", async () => {
      const res = await fetch(`${urlOf()}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": `${name}-spec-1` },
        body: JSON.stringify({ query: queries.unknownCategoryField }),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-request-id")).toBe(`${name}-spec-1`);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        data: null,
        errors: [
          {
            message: 'Cannot query field "weightInGrams" on type "Category".',
            locations: [{ line: 1, column: queries.unknownCategoryField.indexOf("weightInGrams") + 1 }],
            extensions: { code: "GRAPHQL_VALIDATION_FAILED", requestId: `${name}-spec-1` },
          },
        ],
      });
      expect(text).not.toMatch(/stack|\.ts:\d+|at [A-Za-z.<>]+ \(/);
      const cutShort = queries.unknownCategoryField.slice(0, queries.unknownCategoryField.indexOf("weightInGrams"));
      const unparsable = await bffQuery(urlOf(), cutShort);
      expect(unparsable.body.errors![0]!.extensions).toMatchObject({ code: "GRAPHQL_PARSE_FAILED" });
    });

    it("is ready while every service it calls answers its health check, and alive", async () => {
      const ready = await fetch(`${urlOf()}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: "SERVING",
        checks: { catalog: { ok: true }, customers: { ok: true } },
      });
      expect((await fetch(`${urlOf()}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${urlOf()}/metrics`)).text()).toContain(`service="${name}"`);
    });

    it("serves its GraphiQL offline under a strict Content-Security-Policy", async () => {
      const res = await fetch(`${urlOf()}/graphiql`);
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
      expect(await res.text()).toContain(`<title>Emporium ${name} GraphiQL</title>`);
    });

    it("stops on SIGTERM: drains, then exits 0 (runMain)", async () => {
      expect(await platformOf().bffs[name].stop()).toBe(0);
    });
  });
}

import type { FastifyInstance } from "fastify";
import pino from "pino";
import { testKeycloak, userToken } from "@emporium/testing";
import type { BffGraph, BffRequest } from "./bff-graph";
import { createBffApp } from "./create-bff-app";

/**
 * A BFF spends each caller's budget before its resolvers run: a person over budget gets 429 with
 * Retry-After and RATE_LIMITED, nothing runs (counted), another person is served, and the refusal
 * shows on /metrics.
 */
describe("the BFF host's rate limit", () => {
  const kc = testKeycloak();
  let app: FastifyInstance;
  let runs = 0;
  const graph: BffGraph<BffRequest> = {
    schema: "type Query { hello: String! }",
    resolvers: {
      Query: {
        hello: () => {
          runs += 1;
          return "hello";
        },
      },
    },
    context: (request) => request,
    examples: [],
  };

  beforeAll(async () => {
    app = await createBffApp({
      name: "bff-rate-limit-test",
      config: {
        authIssuer: kc.issuer,
        rpcUrls: {},
        rateLimits: { windowSeconds: 3_600, user: 3, service: 3, anonymous: 3 },
      },
      logger: pino({ level: "silent" }),
      graph,
    });
  });
  afterAll(() => app.close());

  const hello = (token: string) =>
    app.inject({
      method: "POST",
      url: "/graphql",
      payload: { query: "{ hello }" },
      headers: { authorization: `Bearer ${token}` },
    });

  it("refuses a person over budget with 429 before any resolver runs; another person is served", async () => {
    const [alice, bob] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob")]);
    for (let i = 0; i < 3; i++) expect((await hello(alice)).json()).toEqual({ data: { hello: "hello" } });
    const refused = await hello(alice);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.json()).toMatchObject({
      errors: [{ extensions: { code: "RATE_LIMITED", retryAfterSeconds: Number(refused.headers["retry-after"]) } }],
    });
    expect(runs).toBe(3);
    expect((await hello(bob)).statusCode).toBe(200);
    expect((await app.inject({ url: "/metrics" })).body).toMatch(
      /rate_limited_total\{endpoint="bff",caller="user",service="bff-rate-limit-test"\} 1\n/,
    );
  });
});

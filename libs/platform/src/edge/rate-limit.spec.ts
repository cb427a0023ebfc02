import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { serviceToken, testKeycloak, userToken } from "@emporium/testing";
import Fastify, { type FastifyInstance, type InjectOptions } from "fastify";
import pino from "pino";
import { verifyBearerTokens } from "../auth/http-auth-hook";
import { createTokenVerifier } from "../auth/token-verifier";
import { HealthMonitor } from "../health/health-monitor";
import { createMetrics } from "../metrics/metrics";
import { buildServiceHost, type ServiceHost } from "../server/service-host";
import { loadTestRateLimitEnv } from "@emporium/registry";
import { DEFAULT_GRAPHQL_LIMITS } from "./graphql-limits";
import { DEFAULT_RATE_LIMITS, graphqlRateLimit, rateLimitsFromEnv, type RateLimits } from "./rate-limit";

const kc = testKeycloak();
/** A window far longer than any test, so no budget refills while one runs. */
const LIMITS: RateLimits = { windowSeconds: 3_600, user: 10, service: 5, anonymous: 3 };

/**
 * The public GraphQL endpoints' limit, on a Fastify app shaped like theirs: bearer tokens from the
 * real Keycloak, then a stand-in for the edge policy that sets the request's cost, then the limit,
 * then a handler that counts what ran.
 */
describe("graphqlRateLimit", () => {
  let app: FastifyInstance;
  let runs = 0;
  const metrics = createMetrics("rate_limit_spec");
  let alice: string, bob: string, orders: string;

  beforeAll(async () => {
    [alice, bob, orders] = await Promise.all([
      userToken(kc, "alice"),
      userToken(kc, "bob"),
      serviceToken(kc, "orders"),
    ]);
    app = Fastify();
    // The orders service's token is issued for the services it calls (catalog among them).
    const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", "catalog"] });
    await app.register(async (graphql) => {
      await graphql.register(verifyBearerTokens, { verifier });
      graphql.addHook("preValidation", async (req) => {
        const cost = (req.body as { cost?: number }).cost;
        if (cost !== undefined) req.graphqlCost = cost;
      });
      await graphql.register(graphqlRateLimit, { endpoint: "gateway", limits: LIMITS, registry: metrics.registry });
      graphql.post("/graphql", async () => {
        runs += 1;
        return { data: { ok: true } };
      });
    });
  });
  afterAll(() => app.close());

  const ask = (cost: number | undefined, how: Partial<InjectOptions> & { token?: string } = {}) =>
    app.inject({
      method: "POST",
      url: "/graphql",
      remoteAddress: how.remoteAddress,
      headers: how.token ? { authorization: `Bearer ${how.token}` } : {},
      payload: cost === undefined ? {} : { cost },
    });

  it("admits a person up to the budget, refuses the next point with 429 and Retry-After, runs nothing", async () => {
    for (const cost of [4, 4, 2]) expect((await ask(cost, { token: alice })).statusCode).toBe(200);
    const ranBefore = runs;

    const refused = await ask(1, { token: alice });
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.windowSeconds);
    expect(refused.json()).toEqual({
      errors: [
        {
          message:
            "too many requests: this person may spend 10 cost points per 3600 s here; " +
            `this request costs 1 and 0 are left; retry in ${retryAfter} s`,
          extensions: { code: "RATE_LIMITED", requestId: expect.any(String), retryAfterSeconds: retryAfter },
        },
      ],
    });
    expect(runs).toBe(ranBefore);
  });

  it("keeps another person of the same client, and a service client, unaffected", async () => {
    expect((await ask(10, { token: bob })).statusCode).toBe(200);
    expect((await ask(5, { token: orders })).statusCode).toBe(200);
    expect((await ask(1, { token: orders })).statusCode).toBe(429);
  });

  it("spends 1 for a request the edge policy gave no cost, and limits anonymous callers per address", async () => {
    const first = { remoteAddress: "192.0.2.1" };
    for (let i = 0; i < LIMITS.anonymous; i++) expect((await ask(undefined, first)).statusCode).toBe(200);
    expect((await ask(undefined, first)).statusCode).toBe(429);
    expect((await ask(undefined, { remoteAddress: "192.0.2.2" })).statusCode).toBe(200);
  });

  it("does not spend a refused request's points: backing off is not punished", async () => {
    const caller = { remoteAddress: "192.0.2.3" };
    expect((await ask(2, caller)).statusCode).toBe(200);
    const refused = await ask(2, caller);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().errors[0].message).toMatch(/this address may spend 3 .* costs 2 and 1 is left;/);
    expect((await ask(1, caller)).statusCode).toBe(200);
  });

  it("counts refusals by endpoint and kind of caller", async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/rate_limited_total\{endpoint="gateway",caller="user",service="rate_limit_spec"\} 1\n/);
    expect(text).toMatch(/rate_limited_total\{endpoint="gateway",caller="service",service="rate_limit_spec"\} 1\n/);
    expect(text).toMatch(/rate_limited_total\{endpoint="gateway",caller="anonymous",service="rate_limit_spec"\} 2\n/);
  });
});

/**
 * The RPC layer's limit, on a real service host (both listeners share one limiter) called over
 * Connect with real tokens: a forwarded person by azp + sub, a service by azp, no token by address.
 */
describe("rpcRateLimitInterceptor", () => {
  let host: ServiceHost;
  let baseUrl: string;
  let calls = 0;
  const limits: RateLimits = { windowSeconds: 3_600, user: 2, service: 3, anonymous: 2 };

  beforeAll(async () => {
    host = buildServiceHost({
      name: "rate-limited",
      mode: "development",
      host: "127.0.0.1",
      rpcPort: 0,
      httpPort: 0,
      logger: pino({ level: "silent" }),
      metrics: createMetrics("rate_limited"),
      health: new HealthMonitor([], { intervalMs: 60_000 }),
      services: [CatalogService],
      routes: (router) =>
        router.service(CatalogService, {
          getProduct: () => {
            calls += 1;
            return { product: { id: "p-1" } };
          },
        }),
      auth: {
        verifier: createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", "catalog"] }),
        access: { "emporium.catalog.v1.CatalogService/GetProduct": { public: true } },
      },
      rateLimits: limits,
      shutdownTimeoutMs: 500,
    });
    baseUrl = (await host.listen()).httpUrl;
  });
  afterAll(() => host.close());

  const catalog = (token?: string) =>
    createClient(
      CatalogService,
      createConnectTransport({
        baseUrl,
        httpVersion: "1.1",
        interceptors: token
          ? [
              (next) => (req) => {
                req.header.set("authorization", `Bearer ${token}`);
                return next(req);
              },
            ]
          : [],
      }),
    );
  const refusalOf = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (err: unknown) => err as ConnectError,
    );

  it("refuses a forwarded person's call over budget (RESOURCE_EXHAUSTED); another person is unaffected", async () => {
    const alice = catalog(await userToken(kc, "alice"));
    for (let i = 0; i < limits.user; i++) await alice.getProduct({ id: "p-1" });
    const ranBefore = calls;
    const refused = await refusalOf(alice.getProduct({ id: "p-1" }));
    expect(refused).toBeInstanceOf(ConnectError);
    expect(refused?.code).toBe(Code.ResourceExhausted);
    expect(refused?.rawMessage).toMatch(
      /^too many requests: this person may spend 2 calls per 3600 s here; this request/,
    );
    expect(Number(refused?.metadata.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(calls).toBe(ranBefore);

    const bob = catalog(await userToken(kc, "bob"));
    expect((await bob.getProduct({ id: "p-1" })).product?.id).toBe("p-1");
  });

  it("keys a service client by its azp, and callers without a token by address", async () => {
    const orders = catalog(await serviceToken(kc, "orders"));
    for (let i = 0; i < limits.service; i++) await orders.getProduct({ id: "p-1" });
    expect((await refusalOf(orders.getProduct({ id: "p-1" })))?.code).toBe(Code.ResourceExhausted);

    const anonymous = catalog();
    for (let i = 0; i < limits.anonymous; i++) await anonymous.getProduct({ id: "p-1" });
    expect((await refusalOf(anonymous.getProduct({ id: "p-1" })))?.code).toBe(Code.ResourceExhausted);
  });
});

describe("rate limit configuration", () => {
  it("defaults per endpoint kind, and reads a process's overrides from its prefix", () => {
    expect(rateLimitsFromEnv("bff", "EMPORIUM_BFF_WEB_", {})).toEqual(DEFAULT_RATE_LIMITS.bff);
    const env = { EMPORIUM_CATALOG_RPC_RATE_LIMIT_USER: "7", EMPORIUM_ORDERS_RPC_RATE_LIMIT_USER: "1" };
    expect(rateLimitsFromEnv("rpc", "EMPORIUM_CATALOG_RPC_", env)).toEqual({ ...DEFAULT_RATE_LIMITS.rpc, user: 7 });
  });

  it("gives stacks built to be loaded budgets no load exhausts, read by the process they are for", () => {
    expect(rateLimitsFromEnv("rpc", "EMPORIUM_CATALOG_RPC_", loadTestRateLimitEnv("catalog"))).toEqual({
      windowSeconds: 1,
      user: 1e9,
      service: 1e9,
      anonymous: 1e9,
    });
    expect(rateLimitsFromEnv("bff", "EMPORIUM_BFF_WEB_", loadTestRateLimitEnv("bff-web")).anonymous).toBe(1e9);
    expect(rateLimitsFromEnv("gateway", "EMPORIUM_GATEWAY_", loadTestRateLimitEnv("gateway")).user).toBe(1e9);
  });

  it("fits at least five requests at the largest allowed cost in every default GraphQL budget", () => {
    for (const endpoint of ["gateway", "bff"] as const) {
      const { maxCost } = DEFAULT_GRAPHQL_LIMITS[endpoint];
      const { user, service, anonymous } = DEFAULT_RATE_LIMITS[endpoint];
      expect(Math.min(user, service, anonymous)).toBeGreaterThanOrEqual(5 * maxCost);
    }
  });

  it("names the variable of a budget that is not a positive integer", () => {
    expect(() => rateLimitsFromEnv("gateway", "EMPORIUM_GATEWAY_", { EMPORIUM_GATEWAY_RATE_LIMIT_USER: "0" })).toThrow(
      /EMPORIUM_GATEWAY_RATE_LIMIT_USER/,
    );
  });
});

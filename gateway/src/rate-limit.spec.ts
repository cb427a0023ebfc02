import "./telemetry-off";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildGateway } from "./build-gateway";
import { loadGatewayConfig } from "./config";

/**
 * The gateway spends each caller's budget before planning: over it, 429 with Retry-After and a
 * RATE_LIMITED error, while another caller is served. (The budgets' keys and costs are the kit's,
 * shown with real tokens in libs/platform's edge/rate-limit.spec.ts.)
 */
describe("gateway rate limit", () => {
  let app: FastifyInstance;
  let behindProxy: FastifyInstance;
  const budgets = {
    EMPORIUM_GATEWAY_PORT: "0",
    EMPORIUM_GATEWAY_RATE_LIMIT_WINDOW_SECONDS: "3600",
    EMPORIUM_GATEWAY_RATE_LIMIT_ANONYMOUS: "2",
  };

  beforeAll(async () => {
    app = await buildGateway(loadGatewayConfig(budgets), pino({ level: "silent" }));
    const proxied = loadGatewayConfig({ ...budgets, EMPORIUM_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.7" });
    behindProxy = await buildGateway(proxied, pino({ level: "silent" }));
  });
  afterAll(() => Promise.all([app.close(), behindProxy.close()]));

  const ask = (remoteAddress: string, forwardedFor?: string, gateway = app) =>
    gateway.inject({
      method: "POST",
      url: "/graphql",
      remoteAddress,
      headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
      payload: { query: "{ __typename }" },
    });

  it("answers a caller up to its budget, then 429 with Retry-After; another address is unaffected", async () => {
    for (let i = 0; i < 2; i++) expect((await ask("198.51.100.1")).json()).toEqual({ data: { __typename: "Query" } });
    const refused = await ask("198.51.100.1");
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.json()).toMatchObject({ errors: [{ extensions: { code: "RATE_LIMITED" } }] });
    expect((await ask("198.51.100.2")).statusCode).toBe(200);
    expect((await app.inject({ url: "/metrics" })).body).toMatch(
      /rate_limited_total\{endpoint="gateway",caller="anonymous",service="gateway"\} 1\n/,
    );
  });

  it("ignores X-Forwarded-For unless the peer is a trusted proxy: a forged one buys no fresh budget", async () => {
    for (let i = 0; i < 2; i++) expect((await ask("198.51.100.3", `203.0.113.${i}`)).statusCode).toBe(200);
    expect((await ask("198.51.100.3", "203.0.113.9")).statusCode).toBe(429);
  });

  it("behind trusted proxies, counts each caller X-Forwarded-For names", async () => {
    for (let i = 0; i < 2; i++) expect((await ask("10.1.2.3", "203.0.113.1", behindProxy)).statusCode).toBe(200);
    expect((await ask("192.0.2.7", "203.0.113.1", behindProxy)).statusCode).toBe(429);
    expect((await ask("10.1.2.3", "203.0.113.2", behindProxy)).statusCode).toBe(200);
  });

  it("refuses a trusted-proxy list that is not addresses or ranges, naming the variable", () => {
    expect(() => loadGatewayConfig({ EMPORIUM_TRUSTED_PROXIES: "10.0.0.0/8,proxy.internal" })).toThrow(
      /EMPORIUM_TRUSTED_PROXIES: must be comma-separated IP addresses or CIDR ranges/,
    );
  });
});

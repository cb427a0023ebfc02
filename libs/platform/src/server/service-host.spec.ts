import { buildSchema } from "graphql";
import pino from "pino";
import { AppError } from "../errors/app-error";
import { HealthMonitor } from "../health/health-monitor";
import { createMetrics } from "../metrics/metrics";
import { buildServiceHost } from "./service-host";

/**
 * Bearer verification on HTTP is scoped by Fastify encapsulation: it covers the subgraph's routes
 * and nothing else, so a client that sends a bad token everywhere still gets its probes answered.
 */
describe("service host HTTP listener", () => {
  const host = buildServiceHost({
    name: "scoped-auth",
    mode: "development",
    host: "127.0.0.1",
    rpcPort: 0,
    httpPort: 0,
    logger: pino({ level: "silent" }),
    metrics: createMetrics("scoped_auth"),
    health: new HealthMonitor([], { intervalMs: 60_000 }),
    services: [],
    routes: () => undefined,
    subgraph: { schema: buildSchema("type Query { hello: String }"), context: () => ({}) },
    auth: { verifier: { verify: () => Promise.reject(new AppError("UNAUTHENTICATED", "bad token")) }, access: {} },
    shutdownTimeoutMs: 500,
  });
  const badToken = { authorization: "Bearer not-a-valid-token" };
  afterAll(() => host.close());

  it("refuses a bad token on /graphql with 401 and lets an anonymous query through", async () => {
    const query = { query: "{ hello }" };
    const refused = await host.http.inject({ method: "POST", url: "/graphql", headers: badToken, payload: query });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED", requestId: expect.any(String) } }],
    });
    const anonymous = await host.http.inject({ method: "POST", url: "/graphql", payload: query });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ data: { hello: null } });
  });

  it.each(["/healthz", "/readyz", "/metrics"])("answers %s whatever token comes with it", async (url) => {
    const res = await host.http.inject({ url, headers: badToken });
    expect(res.statusCode).not.toBe(401);
    expect(res.headers["x-request-id"]).toEqual(expect.any(String));
  });
});

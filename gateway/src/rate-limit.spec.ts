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

  beforeAll(async () => {
    const config = loadGatewayConfig({
      EMPORIUM_GATEWAY_PORT: "0",
      EMPORIUM_GATEWAY_RATE_LIMIT_WINDOW_SECONDS: "3600",
      EMPORIUM_GATEWAY_RATE_LIMIT_ANONYMOUS: "2",
    });
    app = await buildGateway(config, pino({ level: "silent" }));
  });
  afterAll(() => app.close());

  const ask = (remoteAddress: string) =>
    app.inject({ method: "POST", url: "/graphql", remoteAddress, payload: { query: "{ __typename }" } });

  it("answers a caller up to its budget, then 429 with Retry-After; another address is unaffected", async () => {
    for (let i = 0; i < 2; i++) expect((await ask("198.51.100.1")).json()).toEqual({ data: { __typename: "Query" } });
    const refused = await ask("198.51.100.1");
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.json()).toMatchObject({ errors: [{ extensions: { code: "RATE_LIMITED" } }] });
    expect((await ask("198.51.100.2")).statusCode).toBe(200);
  });
});

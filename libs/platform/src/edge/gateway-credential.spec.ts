import { buildSchema } from "graphql";
import pino from "pino";
import { forgedTokens, serviceToken, testKeycloak, userToken } from "@emporium/testing";
import { createTokenVerifier } from "../auth/token-verifier";
import type { RuntimeMode } from "../config/load-config";
import { HealthMonitor } from "../health/health-monitor";
import { createMetrics } from "../metrics/metrics";
import { buildServiceHost } from "../server/service-host";
import { GATEWAY_CREDENTIAL_HEADER } from "./gateway-credential";

/**
 * A subgraph answers the gateway only in production: whoever else calls it directly is refused
 * before anything runs, so the gateway's limits cannot be bypassed. Real tokens from the test
 * Keycloak: the gateway's own client-credentials token (client `gateway`) is the credential.
 */
describe("the gateway's credential on a subgraph", () => {
  const kc = testKeycloak();
  let resolverRuns = 0;
  /** What each served request's `fromGateway` said, in order. */
  const fromGateway: boolean[] = [];
  const hosts: Array<ReturnType<typeof buildServiceHost>> = [];
  let gatewayToken: string;
  let aliceToken: string;
  let ordersToken: string;

  beforeAll(async () => {
    [gatewayToken, aliceToken, ordersToken] = await Promise.all([
      serviceToken(kc, "gateway"),
      userToken(kc, "alice"),
      serviceToken(kc, "orders"),
    ]);
  });
  afterAll(() => Promise.all(hosts.map((h) => h.close())));

  /** A subgraph of the catalog service (the gateway's and orders' tokens name it as audience). */
  function subgraphHost(mode: RuntimeMode) {
    const host = buildServiceHost({
      name: "catalog",
      mode,
      host: "127.0.0.1",
      rpcPort: 0,
      httpPort: 0,
      logger: pino({ level: "silent" }),
      metrics: createMetrics(`gateway_credential_${mode}`),
      health: new HealthMonitor([], { intervalMs: 60_000 }),
      services: [],
      routes: () => undefined,
      subgraph: { schema: countingSchema(), context: (req) => (fromGateway.push(req.fromGateway === true), {}) },
      auth: {
        verifier: createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", "catalog"] }),
        access: {},
      },
      shutdownTimeoutMs: 500,
    });
    hosts.push(host);
    return host;
  }

  const query = (host: ReturnType<typeof buildServiceHost>, headers: Record<string, string> = {}) =>
    host.http.inject({ method: "POST", url: "/graphql", headers, payload: { query: "{ hello }" } });
  const credential = (token: string) => ({ [GATEWAY_CREDENTIAL_HEADER]: `Bearer ${token}` });

  describe("in production", () => {
    const host = subgraphHost("production");

    it("refuses a request without the credential with 403 FORBIDDEN, even with a valid user token", async () => {
      const runsBefore = resolverRuns;
      for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${aliceToken}` }]) {
        const res = await query(host, headers);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({
          errors: [
            {
              message:
                "this subgraph answers the gateway only: send the request to the gateway " +
                `(the ${GATEWAY_CREDENTIAL_HEADER} header is missing)`,
              extensions: { code: "FORBIDDEN", requestId: res.headers["x-request-id"] },
            },
          ],
        });
      }
      expect(resolverRuns).toBe(runsBefore);
    });

    it("answers a request with the gateway's credential, beside the caller's token or without one", async () => {
      fromGateway.length = 0;
      for (const headers of [
        credential(gatewayToken),
        { ...credential(gatewayToken), authorization: `Bearer ${aliceToken}` },
      ]) {
        const res = await query(host, headers);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ data: { hello: "hello" } });
      }
      expect(fromGateway).toEqual([true, true]);
    });

    it.each([
      ["a user's token", () => aliceToken, "was issued to dev-tokens, not the gateway"],
      ["another service's token", () => ordersToken, "was issued to orders, not the gateway"],
    ])("refuses %s in the credential header, naming whose it is", async (_what, token, reason) => {
      const res = await query(host, credential(token()));
      expect(res.statusCode).toBe(403);
      expect(res.json().errors[0]).toMatchObject({
        message: expect.stringContaining(reason),
        extensions: { code: "FORBIDDEN" },
      });
    });

    it("refuses a forged gateway token and a header that is not a bearer token", async () => {
      const runsBefore = resolverRuns;
      const forged = await forgedTokens(kc, gatewayToken);
      for (const value of [`Bearer ${forged.tamperedPayload}`, `Bearer ${forged.algNone}`, gatewayToken, ""]) {
        const res = await query(host, { [GATEWAY_CREDENTIAL_HEADER]: value });
        expect(res.statusCode).toBe(403);
        expect(res.json().errors[0].extensions.code).toBe("FORBIDDEN");
      }
      expect(resolverRuns).toBe(runsBefore);
    });

    it("keeps the probes open to anyone", async () => {
      expect((await host.http.inject({ url: "/healthz" })).statusCode).toBe(200);
    });
  });

  describe("in development", () => {
    const host = subgraphHost("development");

    it("answers with or without the gateway's credential", async () => {
      fromGateway.length = 0;
      for (const headers of [
        {} as Record<string, string>,
        credential(gatewayToken),
        { authorization: `Bearer ${aliceToken}` },
      ]) {
        const res = await query(host, headers);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ data: { hello: "hello" } });
      }
      expect(fromGateway).toEqual([false, true, false]);
    });

    it("still refuses a credential that is present but not the gateway's", async () => {
      const res = await query(host, credential(aliceToken));
      expect(res.statusCode).toBe(403);
      expect(res.json().errors[0].extensions.code).toBe("FORBIDDEN");
    });
  });

  /** One field whose resolver counts its runs: a refused request must never reach it. */
  function countingSchema() {
    const schema = buildSchema("type Query { hello: String }");
    schema.getQueryType()!.getFields().hello!.resolve = () => {
      resolverRuns += 1;
      return "hello";
    };
    return schema;
  }
});

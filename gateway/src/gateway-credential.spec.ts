import "./telemetry-off";
import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import Fastify, { type FastifyInstance } from "fastify";
import { decodeJwt } from "jose";
import { parse } from "graphql";
import mercurius from "mercurius";
import pino from "pino";
import {
  createTokenVerifier,
  GATEWAY_CREDENTIAL_HEADER,
  requireGatewayCredential,
  verifyBearerTokens,
  type RuntimeMode,
} from "@emporium/platform";
import { testKeycloak, userToken } from "@emporium/testing";
import { buildGateway } from "./build-gateway";
import { gatewayCredential } from "./gateway-credential";
import { loadGatewayConfig } from "./config";
import { subgraphs } from "./subgraphs";

/** The client a credential header's token was issued to. */
const azpOf = (header: string | string[] | undefined) => decodeJwt(String(header).replace(/^Bearer /, "")).azp;

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])
  type Query { hello: String }
`);

/**
 * The gateway sends its own client-credentials token to every subgraph, beside the caller's token,
 * so production subgraphs (which answer nobody else) work through it. Real Keycloak, a real
 * subgraph guarded the way the service host guards one, the real gateway in front.
 */
describe("the gateway's credential on subgraph fetches", () => {
  const kc = testKeycloak();
  const silent = pino({ level: "silent" });
  const started: FastifyInstance[] = [];
  afterAll(() => Promise.all(started.map((app) => app.close())));

  /** A subgraph of the catalog service that remembers the headers of each request it served. */
  async function subgraph(mode: RuntimeMode) {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", "catalog"] });
    const app = Fastify();
    await app.register(async (graphql) => {
      await graphql.register(requireGatewayCredential, { verifier, mode });
      await graphql.register(verifyBearerTokens, { verifier });
      await graphql.register(mercurius, {
        schema: buildSubgraphSchema([{ typeDefs, resolvers: { Query: { hello: () => "hello" } } }]),
        path: "/graphql",
        context: (req) => (seen.push({ ...req.headers }), {}),
      });
    });
    const url = `${await app.listen({ host: "127.0.0.1", port: 0 })}/graphql`;
    started.push(app);
    return { url, seen };
  }

  async function gateway(mode: RuntimeMode, subgraphUrl: string, env: Record<string, string> = {}) {
    const composed = composeServices([{ name: "catalog", url: "http://catalog/graphql", typeDefs }]);
    if (composed.errors) throw composed.errors[0];
    const config = {
      ...loadGatewayConfig({ EMPORIUM_AUTH_ISSUER: kc.issuer, EMPORIUM_ENV: mode, ...env }),
      subgraphUrls: { catalog: subgraphUrl },
    };
    const app = await buildGateway(config, silent, composed.supergraphSdl);
    started.push(app);
    return (headers: Record<string, string> = {}) =>
      app.inject({
        method: "POST",
        url: "/graphql",
        headers: { "content-type": "application/json", ...headers },
        payload: { query: "{ hello }" },
      });
  }

  it("reaches a production subgraph that refuses everyone else", async () => {
    const catalog = await subgraph("production");
    const query = await gateway("production", catalog.url);

    const res = await query();

    expect([res.statusCode, res.json()]).toEqual([200, { data: { hello: "hello" } }]);
    expect(catalog.seen.map((h) => azpOf(h[GATEWAY_CREDENTIAL_HEADER]))).toEqual(["gateway"]);
    const direct = await fetch(catalog.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ hello }" }),
    });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]!.extensions).toEqual(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    expect(catalog.seen).toHaveLength(1);
  });

  // A development gateway here: a production one refuses the password-grant token this test signs in with.
  it("sends its token beside the caller's, which reaches the subgraph unchanged, in development too", async () => {
    const catalog = await subgraph("production");
    const query = await gateway("development", catalog.url);
    const alice = await userToken(kc, "alice");

    const res = await query({ authorization: `Bearer ${alice}` });

    expect([res.statusCode, res.json()]).toEqual([200, { data: { hello: "hello" } }]);
    expect(catalog.seen.map((h) => [h.authorization, azpOf(h[GATEWAY_CREDENTIAL_HEADER])])).toEqual([
      [`Bearer ${alice}`, "gateway"],
    ]);
  });

  it("has a token every subgraph service accepts: the realm names each of them as its audience", async () => {
    const token = (await gatewayCredential(loadGatewayConfig({ EMPORIUM_AUTH_ISSUER: kc.issuer }), silent)())!;
    for (const { name } of subgraphs) {
      const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", name] });
      await expect(verifier.verify(token.replace(/^Bearer /, ""))).resolves.toMatchObject({ clientId: "gateway" });
    }
  });

  it("does not pass on a credential header its caller sends", async () => {
    const catalog = await subgraph("development");
    const query = await gateway("development", catalog.url);
    const alice = await userToken(kc, "alice");

    const res = await query({ [GATEWAY_CREDENTIAL_HEADER]: `Bearer ${alice}` });

    expect(res.json()).toEqual({ data: { hello: "hello" } });
    expect(azpOf(catalog.seen[0]![GATEWAY_CREDENTIAL_HEADER])).toBe("gateway");
  });

  it("in production, answers UNAVAILABLE without calling the subgraph when it cannot get its token", async () => {
    const catalog = await subgraph("production");
    const query = await gateway("production", catalog.url, { EMPORIUM_GATEWAY_CLIENT_SECRET: "not-the-secret" });

    const res = await query();

    expect(res.json()).toMatchObject({
      data: { hello: null },
      errors: [
        {
          message: "the gateway cannot reach its identity provider right now; retry shortly",
          extensions: { code: "UNAVAILABLE" },
        },
      ],
    });
    expect(catalog.seen).toHaveLength(0);
  });

  it("in development, calls the subgraph without a token when it cannot get one", async () => {
    const catalog = await subgraph("development");
    const query = await gateway("development", catalog.url, { EMPORIUM_GATEWAY_CLIENT_SECRET: "not-the-secret" });

    const res = await query();

    expect(res.json()).toEqual({ data: { hello: "hello" } });
    expect(catalog.seen.map((h) => h[GATEWAY_CREDENTIAL_HEADER])).toEqual([undefined]);
  });
});

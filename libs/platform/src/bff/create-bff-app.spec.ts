import { Code, ConnectError } from "@connectrpc/connect";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { forgedTokens, serviceToken, testKeycloak, userToken } from "@emporium/testing";
import { AppError } from "../errors/app-error";
import { currentRequestId } from "../rpc/outbound-request-id";
import { UpstreamError } from "../rpc/upstream-error";
import type { BffGraph, BffRequest } from "./bff-graph";
import { createBffApp } from "./create-bff-app";

const schema = `
  type Query {
    whoami: String
    greeting: String!
    refused: String
    upstreamRefused: String
    upstreamBroken: String
    broken: String
    items: [Item!]!
    outboundRequestId: String
  }
  type Item { id: ID!, label: String! }
`;

/** A graph whose resolvers fail in each way a real one can, and a loader that records its batches. */
function testGraph(batches: string[][]): BffGraph<BffRequest> {
  return {
    schema,
    resolvers: {
      Query: {
        whoami: (_root: unknown, _args: unknown, ctx: BffRequest) =>
          ctx.principal ? `${ctx.principal.subject} ${ctx.authorization ? "with" : "without"} token` : null,
        greeting: () => "hello",
        refused: () => {
          throw new AppError("PERMISSION_DENIED", "not yours");
        },
        upstreamRefused: () => {
          throw new UpstreamError("the orders service", new ConnectError("order o-1 does not exist", Code.NotFound));
        },
        upstreamBroken: () => {
          throw new UpstreamError("the orders service", new ConnectError("null pointer in handler", Code.Internal));
        },
        broken: () => {
          throw new Error("secret detail at /srv/app.ts:12");
        },
        items: () => [{ id: "a" }, { id: "b" }, { id: "a" }],
        // What the kit's clients would send as x-request-id, seen after an await (as a call would).
        outboundRequestId: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return currentRequestId() ?? null;
        },
      },
    },
    loaders: {
      Item: {
        label: async (queries: Array<{ obj: { id: string } }>) => {
          batches.push(queries.map((q) => q.obj.id));
          return queries.map((q) => `item ${q.obj.id}`);
        },
      },
    },
    context: (request) => request,
    examples: [{ title: "Greeting", query: "query Greeting { greeting }" }],
  };
}

describe("the BFF host (createBffApp)", () => {
  const kc = testKeycloak();
  let app: FastifyInstance;
  let batches: string[][];
  const query = (q: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/graphql", payload: { query: q }, headers });

  beforeAll(async () => {
    batches = [];
    app = await createBffApp({
      name: "bff-test",
      config: { authIssuer: kc.issuer, rpcUrls: {} },
      logger: pino({ level: "silent" }),
      graph: testGraph(batches),
    });
  });
  afterAll(() => app.close());

  it("runs each request's resolvers under its request id, which the kit's clients send on", async () => {
    const first = await query("{ outboundRequestId }", { "x-request-id": "bff-outbound-1" });
    const second = await query("{ outboundRequestId }", { "x-request-id": "bff-outbound-2" });
    expect([first.json(), second.json()]).toEqual([
      { data: { outboundRequestId: "bff-outbound-1" } },
      { data: { outboundRequestId: "bff-outbound-2" } },
    ]);
  });

  it("hands resolvers the verified caller, the request id and the authorization header", async () => {
    const alice = await userToken(kc, "alice");
    const signedIn = await query("{ whoami }", { authorization: `Bearer ${alice}` });
    expect(signedIn.json()).toEqual({ data: { whoami: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001 with token" } });
    expect((await query("{ whoami }")).json()).toEqual({ data: { whoami: null } });
  });

  it("refuses a forged token, and a service's token (not for emporium-api), 401 with a coded error", async () => {
    const { tamperedPayload } = await forgedTokens(kc, await userToken(kc, "alice"));
    for (const token of [tamperedPayload, await serviceToken(kc, "orders")]) {
      const res = await query("{ greeting }", { authorization: `Bearer ${token}`, "x-request-id": "req-401" });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED", requestId: "req-401" } }],
      });
    }
  });

  it("answers the fields that worked beside a coded error for each that failed, never a stack trace", async () => {
    const res = await query("{ greeting refused upstreamRefused upstreamBroken broken }", { "x-request-id": "req-1" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-request-id"]).toBe("req-1");
    const at = (field: string) => ({ locations: [expect.any(Object)], path: [field] });
    expect(res.json()).toEqual({
      data: { greeting: "hello", refused: null, upstreamRefused: null, upstreamBroken: null, broken: null },
      errors: [
        { message: "not yours", ...at("refused"), extensions: { code: "FORBIDDEN", requestId: "req-1" } },
        {
          message: "order o-1 does not exist",
          ...at("upstreamRefused"),
          extensions: { code: "NOT_FOUND", requestId: "req-1" },
        },
        {
          message: "internal error (request id req-1)",
          ...at("upstreamBroken"),
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-1" },
        },
        {
          message: "internal error (request id req-1)",
          ...at("broken"),
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-1" },
        },
      ],
    });
    expect(res.body).not.toMatch(/stack|secret|null pointer|\.ts:\d+/);
  });

  it("codes a request that cannot run as the gateway does, 400", async () => {
    const codeOf = async (payload: object) => {
      const res = await app.inject({ method: "POST", url: "/graphql", payload });
      return [
        res.statusCode,
        (res.json() as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
      ];
    };
    expect(await codeOf({ query: "{ greeting " })).toEqual([400, "GRAPHQL_PARSE_FAILED"]);
    expect(await codeOf({ query: "{ nothingHere }" })).toEqual([400, "GRAPHQL_VALIDATION_FAILED"]);
    expect(await codeOf({ query: "query($n: ID!) { greeting }" })).toEqual([400, "GRAPHQL_VALIDATION_FAILED"]);
    expect(await codeOf({ query: "query($n: Boolean!) { greeting @include(if: $n) }", variables: { n: "x" } })).toEqual(
      [400, "BAD_USER_INPUT"],
    );
    expect(await codeOf({})).toEqual([400, "BAD_REQUEST"]);
  });

  it("refuses a browser's simple request (CSRF): a GET without a preflight header", async () => {
    const res = await app.inject({ method: "GET", url: "/graphql?query=%7Bgreeting%7D" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_REQUEST" } }] });
    const preflighted = await app.inject({
      method: "GET",
      url: "/graphql?query=%7Bgreeting%7D",
      headers: { "apollo-require-preflight": "true" },
    });
    expect(preflighted.json()).toEqual({ data: { greeting: "hello" } });
  });

  it("runs the graph's loaders once per query level, with every key of the level once", async () => {
    const res = await query("{ items { id label } }");
    expect(res.json()).toEqual({
      data: { items: ["a", "b", "a"].map((id) => ({ id, label: `item ${id}` })) },
    });
    expect(batches).toEqual([["a", "b"]]);
  });

  it("serves /healthz, /readyz (no services to wait for), /metrics and GraphiQL without a token check", async () => {
    const forged = { authorization: "Bearer not.a.token" };
    expect((await app.inject({ url: "/healthz", headers: forged })).statusCode).toBe(200);
    expect((await app.inject({ url: "/readyz", headers: forged })).json()).toEqual({ status: "SERVING", checks: {} });
    expect((await app.inject({ url: "/metrics", headers: forged })).body).toContain('service="bff-test"');
    const graphiql = await app.inject({ url: "/graphiql", headers: forged });
    expect(graphiql.statusCode).toBe(200);
    expect(graphiql.headers["content-security-policy"]).toContain("default-src 'none'");
    expect((await app.inject("/")).headers.location).toBe("/graphiql");
  });

  it("is not ready while a service it calls does not answer its health check, and says which", async () => {
    const unready = await createBffApp({
      name: "bff-test",
      config: { authIssuer: kc.issuer, rpcUrls: { catalog: "http://127.0.0.1:1" } },
      logger: pino({ level: "silent" }),
      graph: testGraph([]),
    });
    try {
      const res = await unready.inject("/readyz");
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: "NOT_SERVING",
        checks: { catalog: { ok: false, error: expect.stringContaining("ECONNREFUSED"), required: true } },
      });
    } finally {
      await unready.close();
    }
  });

  it("stays ready while only a service it can serve without is down, and shows it in the details", async () => {
    const degraded = await createBffApp({
      name: "bff-test",
      config: { authIssuer: kc.issuer, rpcUrls: { reviews: "http://127.0.0.1:1" } },
      logger: pino({ level: "silent" }),
      graph: testGraph([]),
    });
    try {
      const res = await degraded.inject("/readyz");
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: "SERVING",
        checks: { reviews: { ok: false, error: expect.stringContaining("ECONNREFUSED"), required: false } },
      });
    } finally {
      await degraded.close();
    }
  });
});

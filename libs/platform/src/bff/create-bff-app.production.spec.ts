import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { liveClient, signInWithPkce, subscribeLive, testKeycloak, userToken } from "@emporium/testing";
import type { BffGraph, BffRequest } from "./bff-graph";
import { createBffApp } from "./create-bff-app";
import { documentHash } from "./persisted-documents";

const schema = `
  type Query {
    greeting(name: String): String!
    whoami: String
    "Breaks its own non-null promise: an error graphql-js words, not the graph."
    promised: String!
    sorted(by: Sort): String
  }
  enum Sort { NAME NEWEST }
  type Subscription { whoami: String! }
`;

const graph: BffGraph<BffRequest> = {
  schema,
  resolvers: {
    Query: {
      greeting: (_root: unknown, args: { name?: string }) => `hello ${args.name ?? "you"}`,
      whoami: (_root: unknown, _args: unknown, ctx: BffRequest) => ctx.principal?.subject ?? null,
      promised: () => null,
      sorted: (_root: unknown, args: { by?: string }) => args.by ?? null,
    },
    Subscription: {
      whoami: {
        subscribe: async function* (_root: unknown, _args: unknown, ctx: BffRequest) {
          yield ctx.principal?.subject ?? "anonymous";
        },
      },
    },
  },
  context: (request) => request,
  examples: [{ title: "Greeting", query: "query Greeting { greeting }" }],
};

const KNOWN = "query Greeting { greeting }";

/**
 * createBffApp with `mode: "production"` beside development: what a stranger can learn (introspection,
 * suggestions, GraphiQL, internal errors) over HTTP and WebSocket, which tokens it accepts, and the
 * log of documents the persisted ones lack.
 */
describe("the BFF host in production mode", () => {
  const kc = testKeycloak();
  const logged: Array<Record<string, unknown>> = [];
  let production: FastifyInstance;
  let development: FastifyInstance;
  const bff = (mode: "production" | "development") =>
    createBffApp({
      name: "bff-test",
      config: { authIssuer: kc.issuer, rpcUrls: {}, mode },
      logger: pino(
        { level: "info" },
        { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
      ),
      graph,
      persistedDocuments: { [documentHash(KNOWN)]: KNOWN },
      logUnknownDocuments: mode === "production",
    });
  const ask = (app: FastifyInstance, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/graphql", payload, headers: { "x-request-id": "req-prod", ...headers } });

  beforeAll(async () => {
    [production, development] = await Promise.all([bff("production"), bff("development")]);
    await production.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => Promise.all([production?.close(), development?.close()]));

  it("refuses introspection, which development answers", async () => {
    for (const query of ["{ __schema { queryType { name } } }", '{ __type(name: "Sort") { name } }']) {
      const res = await ask(production, { query });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        data: null,
        errors: [
          expect.objectContaining({
            message: expect.stringMatching(/^introspection is disabled in production: __(schema|type) cannot be/),
            extensions: { code: "GRAPHQL_VALIDATION_FAILED", requestId: "req-prod" },
          }),
        ],
      });
      expect((await ask(development, { query })).json().data).toBeTruthy();
    }
    expect((await ask(production, { query: "{ __typename }" })).json()).toEqual({ data: { __typename: "Query" } });
  });

  it("suggests no field, argument or enum value names", async () => {
    const typos = [
      { query: "{ greetin }" },
      { query: '{ greeting(nam: "x") }' },
      { query: "query ($by: Sort) { sorted(by: $by) }", variables: { by: "NAM" } },
    ];
    for (const payload of typos) {
      const told = (await ask(development, payload)).json();
      expect(told.errors[0].message).toContain("Did you mean");
      const res = await ask(production, payload);
      expect(res.statusCode).toBe(400);
      const { errors } = res.json();
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toBe(told.errors[0].message.replace(/ Did you mean .*$/, ""));
      expect(errors[0].extensions.code).toBe(told.errors[0].extensions.code);
    }
  });

  it("suggests nothing over WebSocket either", async () => {
    const port = (production.server.address() as AddressInfo).port;
    const client = liveClient(`http://127.0.0.1:${port}`);
    try {
      const typo = subscribeLive(client, "subscription { whoam }");
      const message = await typo.take();
      expect(message).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
      const { errors } = message as { errors: Array<{ message: string }> };
      expect(errors[0]!.message).toMatch(/^Cannot query field "whoam" on type "Subscription"\.$/);
    } finally {
      await client.dispose();
    }
  });

  it("has no GraphiQL (and no redirect to it)", async () => {
    expect((await production.inject({ url: "/graphiql" })).statusCode).toBe(404);
    expect((await production.inject({ url: "/" })).statusCode).toBe(404);
    expect((await development.inject({ url: "/graphiql" })).statusCode).toBe(200);
  });

  it("refuses a dev-tokens token and accepts users signed in through the web and mobile clients", async () => {
    const devToken = await userToken(kc, "alice");
    const refused = await ask(production, { query: "{ whoami }" }, { authorization: `Bearer ${devToken}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({
      errors: [
        {
          message: expect.stringContaining("development-only client dev-tokens"),
          extensions: { code: "UNAUTHENTICATED", requestId: "req-prod" },
        },
      ],
    });
    for (const clientId of ["web", "mobile"] as const) {
      const { accessToken } = await signInWithPkce(kc, "alice", { clientId });
      const res = await ask(production, { query: "{ whoami }" }, { authorization: `Bearer ${accessToken}` });
      expect(res.json()).toEqual({ data: { whoami: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001" } });
    }
  });

  it("says only 'internal error' with the request id when something unexpected fails", async () => {
    const res = await ask(production, { query: "{ greeting promised }" });
    expect(res.json()).toEqual({
      data: null,
      errors: [
        {
          message: "internal error (request id req-prod)",
          locations: [expect.any(Object)],
          path: ["promised"],
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-prod" },
        },
      ],
    });
  });

  it("runs a document the persisted ones lack, and logs its hash and operation name", async () => {
    const unknown = 'query Stranger { greeting(name: "stranger") }';
    logged.length = 0;
    const ran = await ask(production, { query: unknown, operationName: "Stranger" });
    expect(ran.json()).toEqual({ data: { greeting: "hello stranger" } });
    await ask(production, { query: KNOWN });
    await ask(production, { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(KNOWN) } } });
    const notes = logged.filter((l) => l.msg === "operation not among the persisted documents");
    expect(notes).toEqual([
      expect.objectContaining({ documentHash: documentHash(unknown), operationName: "Stranger", reqId: "req-prod" }),
    ]);
  });
});

import "./telemetry-off";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { signInWithPkce, testKeycloak, userToken } from "@emporium/testing";
import { buildGateway } from "./build-gateway";
import { loadGatewayConfig } from "./config";
import { subgraphs } from "./subgraphs";

/**
 * EMPORIUM_ENV=production at the gateway, beside development: what a stranger can learn from it
 * (introspection, suggestions, GraphiQL, internal errors) and which tokens open it. Every subgraph
 * but catalog points at a closed port (nothing here needs one to answer); catalog's URL answers
 * plain text, the unexpected error production must not describe.
 */
describe("the gateway in production mode", () => {
  const kc = testKeycloak();
  let production: FastifyInstance;
  let development: FastifyInstance;
  const closedPort = Object.fromEntries(subgraphs.map((s) => [s.urlVariable, "http://127.0.0.1:9/graphql"]));
  // Answers 200 with a body that is not GraphQL: a broken subgraph, not an unavailable one.
  const notGraphql = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("hello"));
  const gateway = (mode: string) =>
    buildGateway(
      loadGatewayConfig({
        EMPORIUM_ENV: mode,
        EMPORIUM_AUTH_ISSUER: kc.issuer,
        ...closedPort,
        EMPORIUM_CATALOG_GRAPHQL_URL: `http://127.0.0.1:${(notGraphql.address() as AddressInfo).port}/graphql`,
      }),
      pino({ level: "silent" }),
    );
  const ask = (app: FastifyInstance, query: string, variables?: object, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url: "/graphql",
      payload: { query, variables },
      headers: { "x-request-id": "req-prod", ...headers },
    });

  beforeAll(async () => {
    await new Promise<void>((resolve) => notGraphql.listen(0, "127.0.0.1", resolve));
    [production, development] = await Promise.all([gateway("production"), gateway("development")]);
  });
  afterAll(async () => {
    await Promise.all([production?.close(), development?.close()]);
    notGraphql.close();
  });

  it("refuses introspection, which development answers", async () => {
    for (const query of ["{ __schema { queryType { name } } }", '{ __type(name: "Product") { name } }']) {
      const res = await ask(production, query);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^introspection is disabled in production: __(schema|type) cannot be/),
          extensions: expect.objectContaining({ code: "GRAPHQL_VALIDATION_FAILED", requestId: "req-prod" }),
        }),
      ]);
      expect((await ask(development, query)).json().data).toBeTruthy();
    }
    expect((await ask(production, "{ __typename }")).json()).toEqual({ data: { __typename: "Query" } });
  });

  it("suggests no field, argument or enum value names", async () => {
    const typos: Array<[string, object?]> = [
      ["{ prodcts(first: 1) { edges { node { id } } } }"],
      ["{ products(frist: 1) { edges { node { id } } } }"],
      ["query ($sort: ProductSort) { products(sort: $sort) { edges { node { id } } } }", { sort: "NAM" }],
    ];
    for (const [query, variables] of typos) {
      const developmentAnswer = (await ask(development, query, variables)).json();
      expect(developmentAnswer.errors[0].message).toContain("Did you mean");
      const res = await ask(production, query, variables);
      expect(res.statusCode).toBe(400);
      const { errors } = res.json();
      expect(errors).toHaveLength(1);
      expect(errors[0].message).not.toContain("Did you mean");
      expect(errors[0].message).toBe(developmentAnswer.errors[0].message.replace(/ Did you mean .*$/, ""));
      expect(errors[0].extensions).toMatchObject({ requestId: "req-prod" });
    }
  });

  it("has no GraphiQL (and no redirect to it)", async () => {
    expect((await production.inject({ url: "/graphiql" })).statusCode).toBe(404);
    expect((await production.inject({ url: "/" })).statusCode).toBe(404);
    expect((await development.inject({ url: "/graphiql" })).statusCode).toBe(200);
  });

  it("refuses a dev-tokens token and accepts a user signed in through the web client", async () => {
    const devToken = await userToken(kc, "alice");
    const refused = await ask(production, "{ __typename }", undefined, { authorization: `Bearer ${devToken}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({
      errors: [
        {
          message: expect.stringContaining("development-only client dev-tokens"),
          extensions: { code: "UNAUTHENTICATED", requestId: "req-prod" },
        },
      ],
    });
    const { accessToken } = await signInWithPkce(kc, "alice");
    const accepted = await ask(production, "{ __typename }", undefined, { authorization: `Bearer ${accessToken}` });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ data: { __typename: "Query" } });
    const stillFine = await ask(development, "{ __typename }", undefined, { authorization: `Bearer ${devToken}` });
    expect(stillFine.statusCode).toBe(200);
  });

  it("says only 'internal error' with the request id when something unexpected fails", async () => {
    // Development passes on what failed (here: the subgraph's answer), to whoever asked.
    const told = (await ask(development, "{ categories { id } }")).json();
    expect(told.errors[0].message).toContain("Expected JSON response body");
    const res = await ask(production, "{ categories { id } }");
    const { errors } = res.json();
    expect(errors).toEqual([
      expect.objectContaining({
        message: "internal error (request id req-prod)",
        extensions: expect.objectContaining({ code: "INTERNAL_SERVER_ERROR", requestId: "req-prod" }),
      }),
    ]);
    expect(JSON.stringify(res.json())).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch|hello/);
  });

  it("says a subgraph that cannot be reached is UNAVAILABLE, naming it and nothing internal", async () => {
    const res = await ask(production, '{ order(id: "o-1") { id } }');
    const { errors } = res.json();
    expect(errors).toEqual([
      expect.objectContaining({
        message: "the orders service cannot be reached right now; retry shortly",
        extensions: expect.objectContaining({ code: "UNAVAILABLE", upstream: "orders", requestId: "req-prod" }),
      }),
    ]);
    expect(JSON.stringify(res.json())).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch/);
  });
});

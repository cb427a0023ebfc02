import type { FastifyInstance } from "fastify";
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from "graphql";
import pino from "pino";
import { testKeycloak } from "@emporium/testing";
import type { BffGraph, BffRequest } from "./bff-graph";
import { createBffApp } from "./create-bff-app";
import { maxQueryDepth } from "./query-depth";

const sdl = "type Query { node: Node } type Node { id: ID!, next: Node }";
const schema = buildSchema(sdl);
/** `{ node { next { next … { id } } } }`, `depth` fields deep. */
const nested = (depth: number) => `{ node ${"{ next ".repeat(depth - 2)}{ id }${" }".repeat(depth - 2)} }`;
const errorsOf = (query: string, limit: number) =>
  validate(schema, parse(query), [...specifiedRules, maxQueryDepth(limit)]).map((e) => e.message);

describe("maxQueryDepth", () => {
  it("counts nested fields as mercurius does and refuses one level too many", () => {
    expect(errorsOf(nested(2), 2)).toEqual([]);
    expect(errorsOf(nested(12), 12)).toEqual([]);
    expect(errorsOf(`query Deep ${nested(13)}`, 12)).toEqual(["Deep is nested 13 fields deep; at most 12 are served"]);
  });

  it("follows fragments, inline or named, and is not fooled by a cycle", () => {
    const viaFragments = `query Q { node { ...A } } fragment A on Node { next { ... on Node { next { id } } } }`;
    expect(errorsOf(viaFragments, 4)).toEqual([]);
    expect(errorsOf(viaFragments, 3)).toEqual(["Q is nested 4 fields deep; at most 3 are served"]);
    const cyclic = `{ node { ...A } } fragment A on Node { next { ...A } }`;
    expect(errorsOf(cyclic, 12).some((m) => /nested/.test(m))).toBe(false); // NoFragmentCycles reports it
  });

  it("does not count introspection, whose shape is fixed", () => {
    expect(errorsOf(getIntrospectionQuery({ inputValueDeprecation: true }), 12)).toEqual([]);
    expect(errorsOf(`{ __type(name: "Node") { fields { type { ofType { ofType { name } } } } } }`, 1)).toEqual([]);
  });
});

describe("the BFF host's depth limit", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const graph: BffGraph<BffRequest> = {
      schema: sdl,
      resolvers: { Query: { node: () => ({ id: "n-1" }) } },
      context: (request) => request,
      examples: [],
    };
    app = await createBffApp({
      name: "bff-test",
      config: { authIssuer: testKeycloak().issuer, rpcUrls: {} },
      logger: pino({ level: "silent" }),
      graph,
    });
  });
  afterAll(() => app?.close());
  const post = (query: string) => app.inject({ method: "POST", url: "/graphql", payload: { query } });

  it("answers GraphiQL's introspection query, so GraphiQL gets the schema", async () => {
    const res = await post(getIntrospectionQuery());
    expect(res.statusCode).toBe(200);
    expect(res.json().data.__schema.queryType).toMatchObject({ name: "Query" });
  });

  it("refuses a query nested deeper than 12 fields with a typed error", async () => {
    expect((await post(nested(12))).statusCode).toBe(200);
    const res = await post(nested(13));
    expect(res.statusCode).toBe(400);
    const [error] = res.json().errors;
    expect(error.message).toBe("the operation is nested 13 fields deep; at most 12 are served");
    expect(error.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

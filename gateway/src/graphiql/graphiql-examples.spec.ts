import type { FastifyInstance } from "fastify";
import { parse, validate } from "graphql";
import { buildGraphiqlTestApp, supergraphApiSchema } from "../../test/graphiql-test-app";
import { graphiqlExamples } from "./examples";

/** The gateway's GraphiQL tabs (the kit's plugin serves them): runnable against the supergraph. */
describe("the gateway's GraphiQL examples", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildGraphiqlTestApp();
  });
  afterAll(() => app.close());

  it("are the page's tabs, FirstProducts first", async () => {
    const html = (await app.inject("/graphiql")).body;
    const appJsUrl = /src="(\/graphiql\/assets\/app\.[0-9a-f]{16}\.js)"/.exec(html)![1]!;
    const appJs = (await app.inject(appJsUrl)).body;
    const config = JSON.parse(/var config = (\{.*\});/.exec(appJs)![1]!) as { tabs: Array<{ query: string }> };
    expect(config.tabs.map((t) => t.query)).toEqual(graphiqlExamples.map((e) => e.query));
    expect(config.tabs[0]!.query).toContain("query FirstProducts");
  });

  it("are valid against the committed supergraph", () => {
    const schema = supergraphApiSchema();
    expect(graphiqlExamples.length).toBeGreaterThanOrEqual(3);
    for (const example of graphiqlExamples) {
      expect([example.title, validate(schema, parse(example.query)).map((e) => e.message)]).toEqual([
        example.title,
        [],
      ]);
      if (example.variables) expect(() => JSON.parse(example.variables!)).not.toThrow();
      if (example.headers) expect(() => JSON.parse(example.headers!)).not.toThrow();
    }
    const queries = graphiqlExamples.map((e) => e.query);
    expect(queries[0]).toMatch(/products\(first: 5\)/);
    expect(queries.some((q) => /\$id: ID!/.test(q))).toBe(true);
    expect(queries.some((q) => /filter: \{ query: "/.test(q))).toBe(true);
    expect(queries.some((q) => /after: \$after/.test(q))).toBe(true);
  });

  it("run: the first one answers from the endpoint beside the page", async () => {
    const res = await app.inject({ method: "POST", url: "/graphql", payload: { query: graphiqlExamples[0]!.query } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ data: { products: { edges: expect.any(Array) } } });
  });
});

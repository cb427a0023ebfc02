import { getIntrospectionQuery, Lexer, Source, TokenKind } from "graphql";

/**
 * The schema an endpoint under the edge checks serves (as its own schema, a BFF's or a subgraph's, or
 * through the gateway): every field resolves, and every resolver run is counted.
 */
export const EDGE_CHECK_SDL = `
  type Query { hello: String, item: Item, items(first: Int = 2): [Item!]! }
  type Item { id: ID!, label: String, next: Item }
`;

/** The limits, by the names of the kit's GraphqlLimits. */
export type EdgeLimitName =
  "maxDepth" | "maxAliases" | "maxDirectives" | "maxTokens" | "maxCost" | "maxListSize" | "maxBodyBytes";
export type EdgeLimits = Readonly<Record<EdgeLimitName, number>>;

/** A request as the checks send it, and the answer they read. */
export interface EdgeRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
}
export interface EdgeAnswer {
  status: number;
  body: string;
}

/** An endpoint with given limits, serving EDGE_CHECK_SDL. */
export interface EdgeEndpoint {
  send(request: EdgeRequest): Promise<EdgeAnswer>;
  /** How many resolvers have run so far. */
  resolverRuns(): number;
  close(): Promise<void>;
}

export interface EdgeCheckSetup {
  /** The endpoint kind's default limits. */
  defaults: EdgeLimits;
  /** Starts the endpoint with these limits. */
  start(limits: EdgeLimits): Promise<EdgeEndpoint>;
  /** The kit's checkGraphqlLimits on EDGE_CHECK_SDL; throws its GraphqlLimitError ({ limit, max, actual }). */
  check(document: string, variables: Record<string, unknown> | undefined, limits: EdgeLimits): unknown;
}

interface LimitCase {
  limit: EdgeLimitName;
  at: { query: string; variables?: Record<string, unknown> };
  over: { query: string; variables?: Record<string, unknown> };
}

/** For each limit, a request at it and one a step over it (the step is checked, not assumed). */
const LIMIT_CASES: readonly LimitCase[] = [
  {
    limit: "maxDepth",
    at: { query: "{ item { next { next { id } } } }" },
    over: { query: "{ item { next { next { next { id } } } } }" },
  },
  {
    limit: "maxAliases",
    at: { query: "{ a: hello b: hello c: hello }" },
    over: { query: "{ a: hello b: hello c: hello d: hello }" },
  },
  {
    limit: "maxDirectives",
    at: { query: "{ hello @include(if: true) item @skip(if: false) { id } }" },
    over: { query: "{ hello @include(if: true) item @skip(if: false) { id @include(if: true) } }" },
  },
  {
    limit: "maxListSize",
    at: { query: "query Items($n: Int) { items(first: $n) { id } }", variables: { n: 10 } },
    over: { query: "query Items($n: Int) { items(first: $n) { id } }", variables: { n: 11 } },
  },
  {
    limit: "maxCost",
    at: { query: "{ items(first: 5) { id label } }" },
    over: { query: "{ items(first: 5) { id label } hello }" },
  },
  { limit: "maxTokens", at: { query: "{ hello item { id } }" }, over: { query: "{ hello item { id label } }" } },
  { limit: "maxBodyBytes", at: { query: "{ hello }" }, over: { query: "{ hello  }" } },
];

/** Tokens as graphql-js counts them for its maxTokens (every lexical token but the start and the end). */
export function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

const bodyOf = (request: { query: string; variables?: Record<string, unknown> }) => JSON.stringify(request);

const post = (body: string, contentType = "application/json"): EdgeRequest => ({
  method: "POST",
  url: "/graphql",
  headers: { "content-type": contentType },
  body,
});

/** How much of `limit` a request uses: its bytes, its tokens, or what the kit's check measures. */
function measure(setup: EdgeCheckSetup, limit: EdgeLimitName, request: LimitCase["at"]): number {
  if (limit === "maxBodyBytes") return Buffer.byteLength(bodyOf(request));
  if (limit === "maxTokens") return tokenCount(request.query);
  try {
    // At 1 (a lone scalar field's list size and depth), every request of the cases is over it.
    setup.check(request.query, request.variables, { ...setup.defaults, [limit]: 1 });
  } catch (err) {
    const refusal = err as { limit?: string; actual?: number };
    if (refusal.limit === limit && typeof refusal.actual === "number") return refusal.actual;
    throw err;
  }
  throw new Error(`${limit}: ${request.query} uses at most 1 of it`);
}

interface Refusal {
  errors: Array<{ message: string; extensions: { code: string; requestId: string } & Record<string, unknown> }>;
}

/** A GraphQL-shaped refusal with a code and a request id, nothing internal, and no data. */
function expectRefusal(answer: EdgeAnswer, status: number | readonly number[], codes: string | readonly string[]) {
  const statuses = typeof status === "number" ? [status] : status;
  expect(statuses).toContain(answer.status);
  const { data, ...body } = JSON.parse(answer.body) as Refusal & { data?: unknown };
  // The edge's own refusals carry no data; the BFF's server answers an unknown hash with `data: null`.
  expect(data ?? null).toBeNull();
  expect(body).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
  expect(typeof codes === "string" ? [codes] : codes).toContain(body.errors[0]!.extensions.code);
  expect(body.errors[0]!.extensions.requestId).toEqual(expect.any(String));
  expect(answer.body).not.toMatch(/stack|at .+\.[jt]s:\d+|internal error/i);
  return body.errors[0]!;
}

/**
 * The edge policy, checked on one endpoint: each limit admits a request at it and refuses one a step
 * over it (GRAPHQL_LIMIT_EXCEEDED naming the limit) with no resolver run; malformed requests, a wrong
 * content type, a missing query, a batch, an oversized body and a 300k-token document get a coded
 * 4xx, and nothing runs.
 */
export function describeGraphqlEdgeChecks(name: string, setup: EdgeCheckSetup): void {
  describe(`${name}: the edge policy`, () => {
    describe.each(LIMIT_CASES)("the limit $limit", ({ limit, at, over }) => {
      let endpoint: EdgeEndpoint;
      let max: number;
      beforeAll(async () => {
        max = measure(setup, limit, at);
        expect(measure(setup, limit, over)).toBe(max + 1);
        endpoint = await setup.start({ ...setup.defaults, [limit]: max });
      });
      afterAll(() => endpoint?.close());

      it("admits a request at the limit, and it runs", async () => {
        const before = endpoint.resolverRuns();
        const answer = await endpoint.send(post(bodyOf(at)));
        expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { data: expect.any(Object) }]);
        expect(endpoint.resolverRuns()).toBeGreaterThan(before);
      });

      it("refuses one a step over it, coded and named, before any resolver runs", async () => {
        const before = endpoint.resolverRuns();
        const answer = await endpoint.send(post(bodyOf(over)));
        if (limit === "maxBodyBytes") {
          expect(expectRefusal(answer, 413, "PAYLOAD_TOO_LARGE").extensions).toMatchObject({ max });
        } else {
          const error = expectRefusal(answer, 400, "GRAPHQL_LIMIT_EXCEEDED");
          expect(error.extensions).toMatchObject({ limit, max, actual: expect.any(Number) });
          expect(error.extensions.actual as number).toBeGreaterThan(max);
        }
        expect(endpoint.resolverRuns()).toBe(before);
      });
    });

    describe("malformed requests", () => {
      let endpoint: EdgeEndpoint;
      beforeAll(async () => {
        endpoint = await setup.start(setup.defaults);
      });
      afterAll(() => endpoint?.close());

      const hello = bodyOf({ query: "{ hello }" });
      const cases: ReadonlyArray<[string, () => EdgeRequest, number | number[], string | string[]]> = [
        ["malformed JSON", () => post('{"query": "{ hello }"'), 400, "BAD_REQUEST"],
        ["an empty body", () => post(""), 400, "BAD_REQUEST"],
        [
          "a text/plain POST (a browser's simple request)",
          () => post(hello, "text/plain"),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
        ],
        ["an application/graphql POST", () => post("{ hello }", "application/graphql"), 415, "UNSUPPORTED_MEDIA_TYPE"],
        [
          "a form post",
          () => post("query=%7Bhello%7D", "application/x-www-form-urlencoded"),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
        ],
        ["no query", () => post("{}"), 400, "BAD_REQUEST"],
        ["a query that is not a string", () => post('{"query": 5}'), 400, "BAD_REQUEST"],
        ["a JSON body that is not an object", () => post('"{ hello }"'), 400, "BAD_REQUEST"],
        ["a batch", () => post(`[${hello},${hello}]`), 400, "BAD_REQUEST"],
        ["variables that are not an object", () => post('{"query":"{ hello }","variables":[1]}'), 400, "BAD_REQUEST"],
        ["a syntax error", () => post(bodyOf({ query: "{ hello " })), 400, "GRAPHQL_PARSE_FAILED"],
        [
          "a body over the limit",
          () => post(bodyOf({ query: `{ hello }${" ".repeat(setup.defaults.maxBodyBytes)}` })),
          413,
          "PAYLOAD_TOO_LARGE",
        ],
        [
          "a 300k-token document",
          () => post(bodyOf({ query: `{ ${"hello ".repeat(300_000)}}` })),
          [400, 413],
          ["GRAPHQL_LIMIT_EXCEEDED", "PAYLOAD_TOO_LARGE"],
        ],
        [
          "a document by hash (none is served by hash)",
          () => post(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "ab".repeat(32) } } })),
          400,
          ["PERSISTED_QUERY_NOT_SUPPORTED", "PERSISTED_QUERY_NOT_FOUND"],
        ],
        [
          "a GET without a CSRF preflight header",
          () => ({ method: "GET", url: "/graphql?query=%7Bhello%7D", headers: {} }),
          400,
          "BAD_REQUEST",
        ],
      ];

      it.each(cases)("refuses %s with a coded 4xx, running nothing", async (_what, request, status, code) => {
        const before = endpoint.resolverRuns();
        expectRefusal(await endpoint.send(request()), status, code);
        expect(endpoint.resolverRuns()).toBe(before);
      });

      it("refuses a document over maxTokens that fits the body limit, naming the limit", async () => {
        const query = `{ ${"hello ".repeat(setup.defaults.maxTokens)}}`;
        const error = expectRefusal(await endpoint.send(post(bodyOf({ query }))), 400, "GRAPHQL_LIMIT_EXCEEDED");
        expect(error.extensions).toMatchObject({ limit: "maxTokens", max: setup.defaults.maxTokens });
      });

      it("answers GraphiQL's introspection query (development), so GraphiQL gets the schema", async () => {
        const answer = await endpoint.send(post(bodyOf({ query: getIntrospectionQuery() })));
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ data: { __schema: { queryType: { name: "Query" } } } });
      });

      it("runs a GET that carries a CSRF preflight header", async () => {
        const answer = await endpoint.send({
          method: "GET",
          url: "/graphql?query=%7Bhello%7D",
          headers: { "apollo-require-preflight": "true" },
        });
        expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { data: { hello: "hello" } }]);
      });
    });
  });
}

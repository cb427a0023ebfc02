import { buildSchema, GraphQLError, parse } from "graphql";
import { ConfigError } from "../config/load-config";
import {
  checkGraphqlLimits,
  DEFAULT_GRAPHQL_LIMITS,
  graphqlLimitsFromEnv,
  GraphqlLimitError,
  parseWithinLimits,
  type GraphqlLimits,
} from "./graphql-limits";

const schema = buildSchema(`
  scalar _Any
  union _Entity = Product
  type Query {
    products(first: Int = 20, after: String): ProductConnection!
    product(id: ID!): Product
    watch(productIds: [ID!]!): [Product!]!
    _entities(representations: [_Any!]!): [_Entity]!
  }
  type ProductConnection { edges: [ProductEdge!]! }
  type ProductEdge { node: Product! }
  type Product { id: ID! name: String related: Product reviews(first: Int = 5): [Review!]! }
  type Review { id: ID! body: String }
`);

const limits: GraphqlLimits = {
  maxDepth: 4,
  maxAliases: 3,
  maxDirectives: 2,
  maxTokens: 40,
  maxCost: 101,
  maxListSize: 10,
  maxBodyBytes: 1_000,
};

/** What checkGraphqlLimits throws for `query` (or "passed" with its cost). */
function outcome(query: string, variables?: Record<string, unknown>, operationName?: string, within = limits) {
  try {
    return { passed: checkGraphqlLimits(schema, parse(query), variables, within, operationName).cost };
  } catch (error) {
    if (error instanceof GraphqlLimitError)
      return { limit: error.limit, max: error.max, actual: error.actual, field: error.field };
    throw error;
  }
}

/** `{ product(id: 1) { related { related … { id } } } }`, `depth` fields deep. */
const nested = (depth: number) =>
  `{ product(id: "1") ${"{ related ".repeat(depth - 2)}{ id }${" }".repeat(depth - 2)} }`;

describe("GraphQL limits: defaults and configuration", () => {
  it("has frozen defaults for each kind of endpoint", () => {
    for (const kind of ["gateway", "bff", "subgraph"] as const)
      expect(Object.isFrozen(DEFAULT_GRAPHQL_LIMITS[kind])).toBe(true);
    expect(Object.isFrozen(DEFAULT_GRAPHQL_LIMITS)).toBe(true);
  });

  it("gives a subgraph room for every query plan of an operation the gateway admits", () => {
    const gateway = DEFAULT_GRAPHQL_LIMITS.gateway;
    const subgraph = DEFAULT_GRAPHQL_LIMITS.subgraph;
    expect(subgraph.maxDepth).toBeGreaterThanOrEqual(gateway.maxDepth + 1); // `_entities { ... on T { … } }`
    // an entity batch: one representation per parent item, up to 50 lines of a cart or an order each
    expect(subgraph.maxCost).toBeGreaterThanOrEqual(gateway.maxCost * 50);
    expect(subgraph.maxListSize).toBeGreaterThanOrEqual(gateway.maxListSize);
    expect(subgraph.maxAliases).toBeGreaterThanOrEqual(gateway.maxAliases);
    expect(subgraph.maxDirectives).toBeGreaterThanOrEqual(gateway.maxDirectives);
    expect(subgraph.maxTokens).toBeGreaterThan(gateway.maxTokens); // fragments spelled out in each fetch
  });

  it("reads overrides from <prefix>GRAPHQL_MAX_… and keeps the kind's defaults for the rest", () => {
    const read = graphqlLimitsFromEnv("gateway", "EMPORIUM_GATEWAY_", {
      EMPORIUM_GATEWAY_GRAPHQL_MAX_DEPTH: "7",
      EMPORIUM_GATEWAY_GRAPHQL_MAX_COST: "500",
      EMPORIUM_GATEWAY_GRAPHQL_MAX_BODY_BYTES: "2048",
      EMPORIUM_BFF_WEB_GRAPHQL_MAX_DEPTH: "3",
    });
    expect(read).toEqual({ ...DEFAULT_GRAPHQL_LIMITS.gateway, maxDepth: 7, maxCost: 500, maxBodyBytes: 2048 });
    expect(Object.isFrozen(read)).toBe(true);
    expect(graphqlLimitsFromEnv("subgraph", "EMPORIUM_CATALOG_", {})).toEqual(DEFAULT_GRAPHQL_LIMITS.subgraph);
  });

  it("fails start-up naming each variable that is not a positive integer", () => {
    const read = () =>
      graphqlLimitsFromEnv("bff", "EMPORIUM_BFF_WEB_", {
        EMPORIUM_BFF_WEB_GRAPHQL_MAX_TOKENS: "lots",
        EMPORIUM_BFF_WEB_GRAPHQL_MAX_LIST_SIZE: "0",
      });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/EMPORIUM_BFF_WEB_GRAPHQL_MAX_TOKENS: [^\n]*\n {2}EMPORIUM_BFF_WEB_GRAPHQL_MAX_LIST_SIZE: /);
  });
});

describe("parseWithinLimits", () => {
  const ids = (n: number) => `{ ${"id ".repeat(n - 2)}}`; // n tokens: the braces and n - 2 names

  it("parses a document of exactly maxTokens tokens and refuses one more", () => {
    expect(parseWithinLimits(ids(40), limits).definitions).toHaveLength(1);
    const refused = (() => {
      try {
        parseWithinLimits(ids(41), limits);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(GraphqlLimitError);
    expect(refused).toMatchObject({ limit: "maxTokens", max: 40, actual: 41 });
    expect((refused as GraphqlLimitError).extensions).toEqual({
      code: "GRAPHQL_LIMIT_EXCEEDED",
      limit: "maxTokens",
      max: 40,
      actual: 41,
    });
    expect((refused as Error).message).toBe(
      "the document has more than 40 tokens; at most 40 are allowed: send a smaller document",
    );
  });

  it("does not count comments", () => {
    expect(() => parseWithinLimits(`# ${"word ".repeat(500)}\n${ids(40)}`, limits)).not.toThrow();
  });

  it("stops at the limit on a huge document and leaves syntax errors to graphql", () => {
    const huge = `{ ${"a ".repeat(300_000)}}`;
    expect(() => parseWithinLimits(huge, limits)).toThrow(GraphqlLimitError);
    expect(() => parseWithinLimits("{ id ", limits)).toThrow(GraphQLError);
    expect(() => parseWithinLimits("{ id ", limits)).toThrow(/Syntax Error/);
  });
});

describe("checkGraphqlLimits", () => {
  it("admits the depth limit and refuses one level more, fragments adding no level", () => {
    expect(outcome(nested(4))).toHaveProperty("passed");
    expect(outcome(nested(5))).toEqual({ limit: "maxDepth", max: 4, actual: 5 });
    const viaFragments = `{ product(id: "1") { ...R } } fragment R on Product { related { ... on Product { related { id } } } }`;
    expect(outcome(viaFragments)).toHaveProperty("passed");
    expect(outcome(viaFragments, undefined, undefined, { ...limits, maxDepth: 3 })).toMatchObject({ actual: 4 });
  });

  it("admits the alias limit and refuses one more; aliases of __typename are free", () => {
    const aliased = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `p${i}: product(id: "${i}") { id }`).join(" ")} }`;
    expect(outcome(aliased(3))).toHaveProperty("passed");
    expect(outcome(aliased(4))).toEqual({ limit: "maxAliases", max: 3, actual: 4 });
    expect(outcome(`{ a: __typename b: __typename c: __typename d: __typename }`)).toHaveProperty("passed");
    const spreadTwice = `{ a: product(id: "1") { ...F } b: product(id: "2") { ...F } } fragment F on Product { n: name }`;
    expect(outcome(spreadTwice)).toEqual({ limit: "maxAliases", max: 3, actual: 4 });
  });

  it("admits the directive limit and refuses one more", () => {
    const directed = (n: number) => `{ product(id: "1") { ${"id @include(if: true) ".repeat(n)} } }`;
    expect(outcome(directed(2))).toHaveProperty("passed");
    expect(outcome(directed(3))).toEqual({ limit: "maxDirectives", max: 2, actual: 3 });
  });

  it("refuses a list size over maxListSize, from a literal, a variable or the schema's default", () => {
    expect(outcome(`{ products(first: 10) { edges { node { id } } } }`)).toHaveProperty("passed");
    expect(outcome(`{ products(first: 11) { edges { node { id } } } }`)).toEqual({
      limit: "maxListSize",
      max: 10,
      actual: 11,
      field: "Query.products",
    });
    const byVariable = `query($n: Int) { product(id: "1") { reviews(first: $n) { id } } }`;
    expect(outcome(byVariable, { n: 12 })).toMatchObject({
      limit: "maxListSize",
      actual: 12,
      field: "Product.reviews",
    });
    // absent (and null) mean the schema's default, 20
    expect(outcome(`{ products { edges { node { id } } } }`)).toMatchObject({ limit: "maxListSize", actual: 20 });
    expect(outcome(byVariable, { n: null }, undefined, { ...limits, maxListSize: 4 })).toMatchObject({ actual: 5 });
  });

  it("refuses a list argument longer than maxListSize but lets a query plan's entity batch through", () => {
    const watch = (n: number) => `{ watch(productIds: [${Array.from({ length: n }, (_, i) => `"${i}"`)}]) { id } }`;
    expect(outcome(watch(10))).toEqual({ passed: 11 });
    expect(outcome(watch(11))).toMatchObject({ limit: "maxListSize", actual: 11, field: "Query.watch" });
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name } } }`;
    const representations = Array.from({ length: 40 }, (_, i) => ({ __typename: "Product", id: `${i}` }));
    expect(outcome(entities, { r: representations })).toEqual({ passed: 1 + 40 * 2 });
  });

  it("costs 1 a field and multiplies a list's selections by its size", () => {
    const query = `{ products(first: 10) { edges { node { id reviews(first: 3) { id body } } } } }`;
    // reviews 1 + 3 × 2 = 7; node 1 + (1 + 7) = 9; edges 1 + 9 = 10; products 1 + 10 × 10 = 101
    const deeper = { ...limits, maxDepth: 5 };
    expect(outcome(query, undefined, undefined, deeper)).toEqual({ passed: 101 });
    expect(outcome(query, undefined, undefined, { ...deeper, maxCost: 100 })).toEqual({
      limit: "maxCost",
      max: 100,
      actual: 101,
    });
    const skipped = `{ products(first: 10) { edges { node { id reviews(first: 3) @skip(if: true) { id } } } } }`;
    expect(outcome(skipped, undefined, undefined, deeper)).toEqual({ passed: 1 + 10 * 3 });
  });

  it("refuses fragments that expand exponentially without walking them all", () => {
    const levels = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i + 1} on Product { related { ...F${i} } related { ...F${i} } }`,
    );
    const bomb = `{ product(id: "1") { ...F30 } } fragment F0 on Product { id } ${levels.join(" ")}`;
    const wide = { ...limits, maxDepth: 100, maxTokens: 1_000 };
    // 2^30 selections if walked to the end; the walk stops once it is clearly over the cost
    expect(outcome(bomb, undefined, undefined, wide)).toEqual({ limit: "maxCost", max: 101, actual: 102 });
  });

  it("checks the operation that runs, chosen by operationName", () => {
    const two = `query Small { product(id: "1") { id } } query Big { products(first: 11) { edges { node { id } } } }`;
    expect(outcome(two, undefined, "Small")).toEqual({ passed: 2 });
    expect(outcome(two, undefined, "Big")).toMatchObject({ limit: "maxListSize" });
    // cannot tell which one runs: each is checked (the server then refuses the request)
    expect(outcome(two)).toMatchObject({ limit: "maxListSize" });
    expect(outcome(two, undefined, "Other")).toMatchObject({ limit: "maxListSize" });
  });

  it("is deterministic for a document and its variables", () => {
    const query = `query($n: Int) { products(first: $n) { edges { node { id name } } } }`;
    expect(outcome(query, { n: 7 })).toEqual(outcome(query, { n: 7 }));
    expect(outcome(query, { n: 7 })).toEqual({ passed: 1 + 7 * 4 });
  });

  it("throws graphql's GraphQLError when the variables do not fit the operation", () => {
    const query = `query($n: Int) { products(first: $n) { edges { node { id } } } }`;
    expect(() => checkGraphqlLimits(schema, parse(query), { n: "ten" }, limits)).toThrow(GraphQLError);
  });
});

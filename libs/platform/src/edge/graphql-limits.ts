import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  validate,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { z } from "zod";
import { envField, loadConfig } from "../config/load-config";

/** The three kinds of GraphQL endpoint the edge policy guards (docs/conventions.md "GraphQL limits"). */
export type EdgeKind = "gateway" | "bff" | "subgraph";

/** What one GraphQL request may ask for. Limits are per process (per instance), never shared. */
export interface GraphqlLimits {
  /** Nested fields, `{ a { b } }` is 2; fragments add no level of their own; `__schema` is not counted. */
  maxDepth: number;
  /** Aliased fields in the operation (`__typename` aliases are free), fragments counted where spread. */
  maxAliases: number;
  /** Directives in the operation, fragments counted where spread. */
  maxDirectives: number;
  /** Lexical tokens of the whole document (comments are free); parsing stops at one more. */
  maxTokens: number;
  /** The operation's cost: a field costs 1, a list field multiplies the cost of its selections by its size. */
  maxCost: number;
  /** largest `first` (list size) a request may ask for; also the longest list argument (`productIds`) */
  maxListSize: number;
  /** largest request body */
  maxBodyBytes: number;
}

/**
 * The public endpoints' limits: room for every committed operation with the largest pages a client
 * may ask for (the heaviest, the web listing at 100 products, costs about 3,800), and none for the
 * tricks the limits are for (hundreds of aliases, a page of pages of pages).
 */
const PUBLIC_LIMITS: Readonly<GraphqlLimits> = Object.freeze({
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxCost: 10_000,
  maxListSize: 100,
  maxBodyBytes: 100_000,
});

/**
 * The longest list a field returns without a size argument: a cart's or an order's lines, a product's
 * SKUs (50 each). The cost counts such a list once, but an entity batch fans out over it: the gateway
 * sends a subgraph one representation per line.
 */
const LONGEST_UNPAGED_LIST = 50;

/**
 * The limits every endpoint runs with unless its environment says otherwise; the one place they live.
 * They admit every committed operation on the endpoint it targets, and a subgraph's admit every query
 * plan of an operation the gateway admits (graphql-limits-committed.spec.ts and
 * graphql-limits-query-plans.spec.ts show both): a plan's fetch nests one level deeper than the
 * operation (`_entities`), spells out the fragments the operation spread (more tokens, the planner's
 * own aliases), and sends one representation per parent item, up to the longest unpaged list per item.
 */
export const DEFAULT_GRAPHQL_LIMITS: Readonly<Record<EdgeKind, Readonly<GraphqlLimits>>> = Object.freeze({
  gateway: PUBLIC_LIMITS,
  bff: PUBLIC_LIMITS,
  subgraph: Object.freeze({
    maxDepth: PUBLIC_LIMITS.maxDepth + 1,
    maxAliases: PUBLIC_LIMITS.maxAliases * 2,
    maxDirectives: PUBLIC_LIMITS.maxDirectives * 2,
    maxTokens: 50_000,
    maxCost: PUBLIC_LIMITS.maxCost * LONGEST_UNPAGED_LIST,
    maxListSize: PUBLIC_LIMITS.maxListSize,
    maxBodyBytes: 5_000_000,
  }),
});

/** Each limit's environment variable after the process's prefix: `EMPORIUM_GATEWAY_GRAPHQL_MAX_DEPTH`. */
export const GRAPHQL_LIMIT_VARIABLES: Readonly<Record<keyof GraphqlLimits, string>> = Object.freeze({
  maxDepth: "GRAPHQL_MAX_DEPTH",
  maxAliases: "GRAPHQL_MAX_ALIASES",
  maxDirectives: "GRAPHQL_MAX_DIRECTIVES",
  maxTokens: "GRAPHQL_MAX_TOKENS",
  maxCost: "GRAPHQL_MAX_COST",
  maxListSize: "GRAPHQL_MAX_LIST_SIZE",
  maxBodyBytes: "GRAPHQL_MAX_BODY_BYTES",
});

const LIMIT_NAMES = Object.keys(GRAPHQL_LIMIT_VARIABLES) as (keyof GraphqlLimits)[];

/**
 * The limits of one process: the kind's defaults, each overridable by `<prefix>GRAPHQL_MAX_…`
 * (prefix like "EMPORIUM_GATEWAY_", "EMPORIUM_BFF_WEB_", "EMPORIUM_CATALOG_"). A value that is not a
 * positive integer fails start-up naming the variable, like every other setting.
 */
export function graphqlLimitsFromEnv(
  kind: EdgeKind,
  prefix: string,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<GraphqlLimits> {
  const defaults = DEFAULT_GRAPHQL_LIMITS[kind];
  const variable = (limit: keyof GraphqlLimits) => `${prefix}${GRAPHQL_LIMIT_VARIABLES[limit]}`;
  const schema = z
    .object(Object.fromEntries(LIMIT_NAMES.map((limit) => [variable(limit), envField.positiveInt(defaults[limit])])))
    .transform((e) => Object.fromEntries(LIMIT_NAMES.map((limit) => [limit, e[variable(limit)] as number])));
  return loadConfig(schema, env) as Readonly<GraphqlLimits>;
}

/**
 * A request over one of its endpoint's limits. Carries what a client needs to fix it: which limit,
 * its value and what the request asked for (for `maxTokens` and an expansion too large to count,
 * `actual` is `max + 1`: counting stops there). `extensions` is the GraphQL error's.
 */
export class GraphqlLimitError extends Error {
  override name = "GraphqlLimitError";
  readonly code = "GRAPHQL_LIMIT_EXCEEDED";

  constructor(
    readonly limit: keyof GraphqlLimits,
    readonly max: number,
    readonly actual: number,
    /** The field whose list argument is too long (`Query.products`), for `maxListSize`. */
    readonly field?: string,
  ) {
    super(limitMessage(limit, max, actual, field));
  }

  get extensions(): Record<string, unknown> {
    return {
      code: this.code,
      limit: this.limit,
      max: this.max,
      actual: this.actual,
      ...(this.field ? { field: this.field } : {}),
    };
  }
}

function limitMessage(limit: keyof GraphqlLimits, max: number, actual: number, field?: string): string {
  switch (limit) {
    case "maxDepth":
      return `the operation nests fields ${actual} deep; at most ${max} levels are allowed: ask for less nesting`;
    case "maxAliases":
      return `the operation uses ${actual} aliases; at most ${max} are allowed: send fewer aliased fields`;
    case "maxDirectives":
      return `the operation uses ${actual} directives; at most ${max} are allowed`;
    case "maxTokens":
      return `the document has more than ${max} tokens; at most ${max} are allowed: send a smaller document`;
    case "maxCost":
      return actual > max + 1
        ? `the operation costs ${actual} (a field costs 1, a list multiplies its fields by its size); at most ` +
            `${max} is allowed: ask for fewer items (first) or fewer fields`
        : `the operation costs more than ${max} (a field costs 1, a list multiplies its fields by its size): ` +
            `ask for fewer items (first) or fewer fields`;
    case "maxListSize":
      return `${field ?? "a field"} asks for ${actual} items; at most ${max} are allowed per list: page with first/after`;
    case "maxBodyBytes":
      return `the request body has ${actual} bytes; at most ${max} are allowed`;
  }
}

/**
 * Parses a document, refusing it (GraphqlLimitError `maxTokens`) as soon as it has one token more than
 * allowed, so a huge document costs no more than the limit to refuse. The tokens are counted with
 * graphql's own lexer, as its parser counts them; syntax errors throw graphql's GraphQLError.
 */
export function parseWithinLimits(text: string, limits: GraphqlLimits): DocumentNode {
  const source = new Source(text);
  assertTokensWithin(source, limits.maxTokens);
  return parse(source);
}

function assertTokensWithin(source: Source, maxTokens: number): void {
  const lexer = new Lexer(source);
  let tokens = 0;
  while (lexer.advance().kind !== TokenKind.EOF) {
    tokens += 1;
    if (tokens > maxTokens) throw new GraphqlLimitError("maxTokens", maxTokens, tokens);
  }
}

/**
 * Checks the operation that would run (by `operationName`, or the document's only one) against the
 * limits before anything executes: depth, aliases, directives (GraphQL Armor's counting), then list
 * sizes and cost (graphql-query-complexity with the estimator below). Throws GraphqlLimitError for the
 * first limit exceeded, and graphql's GraphQLError when the variables do not fit the operation (the
 * server would refuse them too). Returns the cost, which the rate limit spends.
 *
 * Deterministic for a document and its variables: nothing depends on data. A document whose operation
 * cannot be chosen (several, or an unknown name) has every operation checked; the server refuses it.
 */
export function checkGraphqlLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits,
  operationName?: string,
): { cost: number } {
  const operation = operationToRun(document, operationName);
  const shape = shapeOf(schema, operation);
  for (const limit of ["maxDepth", "maxAliases", "maxDirectives"] as const)
    if (shape[limit] > limits[limit]) throw new GraphqlLimitError(limit, limits[limit], shape[limit]);
  return { cost: costOf(schema, operation, variables ?? {}, limits) };
}

/** The document with only the operation that runs (and every fragment), when it can be told. */
function operationToRun(document: DocumentNode, operationName: string | undefined): DocumentNode {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const chosen = operationName ? operations.filter((o) => o.name?.value === operationName) : operations;
  if (chosen.length !== 1 || operations.length === 1) return document;
  return {
    ...document,
    definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === chosen[0]),
  };
}

type Shape = Record<"maxDepth" | "maxAliases" | "maxDirectives", number>;

/**
 * Depth, aliases and directives as GraphQL Armor counts them (fragments followed once each, cycles
 * cut). Its rules run with no limit of their own and report each operation's count; the comparison is
 * ours, so the error can say how far over the request is.
 */
function shapeOf(schema: GraphQLSchema, document: DocumentNode): Shape {
  const shape: Shape = { maxDepth: 0, maxAliases: 0, maxDirectives: 0 };
  const record = (limit: keyof Shape) => [
    (_context: unknown, details: { n: number }) => {
      shape[limit] = Math.max(shape[limit], details.n);
    },
  ];
  const unlimited = { n: Number.POSITIVE_INFINITY, propagateOnRejection: false };
  const rules = [
    maxDepthRule({ ...unlimited, flattenFragments: true, ignoreIntrospection: true, onAccept: record("maxDepth") }),
    maxAliasesRule({ ...unlimited, onAccept: record("maxAliases") }),
    maxDirectivesRule({ ...unlimited, onAccept: record("maxDirectives") }),
  ] as unknown as ValidationRule[];
  validate(schema, document, rules);
  return shape;
}

/** Arguments that say how many items a list field returns (Relay's `first`/`last`). */
const LIST_SIZE_ARGUMENTS: ReadonlySet<string> = new Set(["first", "last"]);
/**
 * Federation's entity fetch: a query plan sends one representation per parent item, so its length is the
 * product of the list sizes above it. It multiplies the cost (which bounds it) but is not a page size.
 */
const ENTITIES_FIELD = "_entities";
/** graphql-query-complexity's refusal once it has walked `maxQueryNodes` selections. */
const TOO_MANY_NODES = "Query exceeds the maximum allowed number of nodes.";

function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: GraphqlLimits,
): number {
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    const { items, longestList } = listSizesOf(field, args);
    const asked = field.name === ENTITIES_FIELD ? 0 : Math.max(items, longestList);
    if (asked > limits.maxListSize)
      throw new GraphqlLimitError("maxListSize", limits.maxListSize, asked, `${type.name}.${field.name}`);
    return 1 + Math.max(items, 1) * childComplexity;
  };
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      estimators: [estimator],
      // Fragments spread in fragments expand exponentially; walking stops well past any admitted cost.
      maxQueryNodes: limits.maxCost * 4 + limits.maxTokens,
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.message === TOO_MANY_NODES)
      throw new GraphqlLimitError("maxCost", limits.maxCost, limits.maxCost + 1);
    throw error;
  }
  if (cost > limits.maxCost) throw new GraphqlLimitError("maxCost", limits.maxCost, cost);
  return cost;
}

/**
 * How many items a field asks for: its `first`/`last` (the schema's default when absent or null), else
 * the length of its longest list argument (`productIds`, `representations`), else 1.
 */
function listSizesOf(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): { items: number; longestList: number } {
  let pageSize: number | undefined;
  let longestList = 0;
  for (const argument of field.args) {
    const value = args[argument.name] ?? argument.defaultValue;
    if (LIST_SIZE_ARGUMENTS.has(argument.name) && typeof value === "number") pageSize = value;
    else if (isListArgument(argument) && Array.isArray(value)) longestList = Math.max(longestList, value.length);
  }
  return { items: pageSize ?? (longestList || 1), longestList };
}

const isListArgument = (argument: GraphQLArgument) => isListType(getNullableType(argument.type));

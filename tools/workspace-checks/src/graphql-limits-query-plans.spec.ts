import { operationFromDocument } from "@apollo/federation-internals";
import { QueryPlanner, type FetchNode, type PlanNode, type SubscriptionNode } from "@apollo/query-planner";
import {
  getArgumentValues,
  getNamedType,
  isListType,
  getNullableType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { checkGraphqlLimits, DEFAULT_GRAPHQL_LIMITS, parseWithinLimits } from "@emporium/platform";
import {
  chosenOperation,
  committedOperations,
  committedSupergraph,
  endpointSchemas,
  GRAPHIQL_INTROSPECTION,
  subgraphSchema,
  variablesFor,
  type CommittedOperation,
} from "./committed-operations";

/** A list without a size argument holds at most this many items (a cart's or an order's lines). */
const LONGEST_UNPAGED_LIST = 50;

interface Fetch {
  fetch: FetchNode;
  /** Where its entities are in the gateway's answer (`products.edges.@.node`); empty for a root fetch. */
  path: string[];
}

function fetchesOf(node: PlanNode | SubscriptionNode | undefined, path: string[] = []): Fetch[] {
  if (!node) return [];
  switch (node.kind) {
    case "Fetch":
      return [{ fetch: node, path }];
    case "Flatten":
      return fetchesOf(node.node, [...path, ...node.path.map(String)]);
    case "Sequence":
    case "Parallel":
      return node.nodes.flatMap((n) => fetchesOf(n, path));
    case "Condition":
      return [...fetchesOf(node.ifClause, path), ...fetchesOf(node.elseClause, path)];
    case "Defer":
      return [...fetchesOf(node.primary.node, path), ...node.deferred.flatMap((d) => fetchesOf(d.node, path))];
    case "Subscription":
      return [...fetchesOf(node.primary, path), ...fetchesOf(node.rest, path)];
  }
}

/**
 * How many entities can be at `path` of the answer: at each list (`@`), the page its field asks for
 * (`first`, a connection's `edges` taking the connection's), else the longest unpaged list.
 */
function entitiesAt(
  schema: GraphQLSchema,
  document: DocumentNode,
  op: CommittedOperation,
  variables: Record<string, unknown>,
  path: string[],
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = chosenOperation(op);
  let type = schema.getRootType(operation.operation) as GraphQLObjectType;
  let selections: SelectionSetNode | undefined = operation.selectionSet;
  let count = 1;
  let page: number | undefined; // asked for by the last field with `first`, for its connection's edges
  let listSize = LONGEST_UNPAGED_LIST;
  for (const segment of path) {
    if (segment === "@") {
      count *= listSize;
      continue;
    }
    const node = fieldNamed(selections, segment, fragments);
    const field = type.getFields()[node.name.value]!;
    const args = getArgumentValues(field, node, variables);
    const asked = [args.first, args.last].find((v): v is number => typeof v === "number");
    const isList = isListType(getNullableType(field.type));
    if (isList) {
      listSize = asked ?? page ?? LONGEST_UNPAGED_LIST;
      page = undefined;
    } else if (asked !== undefined) page = asked;
    const next = getNamedType(field.type);
    if (!isObjectType(next)) throw new Error(`${op.source}: the plan's path ${path.join(".")} leaves objects`);
    type = next;
    selections = node.selectionSet;
  }
  return count;
}

/** The field answering under `responseName`, looking into fragments. */
function fieldNamed(
  selections: SelectionSetNode | undefined,
  responseName: string,
  fragments: Map<string, FragmentDefinitionNode>,
): FieldNode {
  for (const selection of selections?.selections ?? []) {
    if (selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === responseName) return selection;
    const inner =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.selectionSet
        : selection.kind === Kind.FRAGMENT_SPREAD
          ? fragments.get(selection.name.value)?.selectionSet
          : undefined;
    if (inner) {
      try {
        return fieldNamed(inner, responseName, fragments);
      } catch {
        // not in this fragment
      }
    }
  }
  throw new Error(`no field answers as ${responseName}`);
}

/**
 * A subgraph refuses what the gateway would (its endpoint is reachable directly), so its limits must
 * admit every fetch the gateway makes for an operation the gateway admits. Shown here on every
 * committed gateway operation: each fetch of its query plan (the gateway's planner over the committed
 * supergraph) passes the subgraph's default limits, with the variables the gateway passes on and as
 * many representations as the answer can hold entities at that point.
 */
describe("every query plan of a committed gateway operation passes the subgraphs' default limits", () => {
  const supergraph = committedSupergraph();
  const planner = new QueryPlanner(supergraph);
  const gatewaySchema = endpointSchemas().gateway;
  // Introspection is the gateway's own answer: its plan fetches nothing.
  const operations = committedOperations().filter(
    (op) => op.endpoint === "gateway" && op.query !== GRAPHIQL_INTROSPECTION,
  );
  const subgraphs = new Map<string, GraphQLSchema>();
  const schemaOf = (name: string) => subgraphs.get(name) ?? subgraphs.set(name, subgraphSchema(name)).get(name)!;
  const limits = DEFAULT_GRAPHQL_LIMITS.subgraph;

  it.each(["as sent", "with the largest pages"] as const)("%s", (variant) => {
    const refused: string[] = [];
    let fetches = 0;
    for (const op of operations) {
      const variables = variablesFor(
        gatewaySchema,
        op,
        variant === "as sent" ? undefined : DEFAULT_GRAPHQL_LIMITS.gateway,
      );
      const document = parse(op.query);
      const plan = planner.buildQueryPlan(
        operationFromDocument(supergraph.apiSchema(), document, { operationName: op.operationName }),
      );
      for (const { fetch, path } of fetchesOf(plan.node)) {
        fetches += 1;
        const passedOn = Object.fromEntries((fetch.variableUsages ?? []).map((name) => [name, variables[name]]));
        const representations = path.length
          ? Array.from({ length: entitiesAt(gatewaySchema, document, op, variables, path) }, (_, i) => ({
              __typename: "Entity",
              id: `0192f000-0000-7000-8000-${String(i).padStart(12, "0")}`,
            }))
          : undefined;
        const fetchVariables = { ...passedOn, ...(representations ? { representations } : {}) };
        try {
          const body = JSON.stringify({ query: fetch.operation, variables: fetchVariables });
          if (Buffer.byteLength(body) > limits.maxBodyBytes)
            throw new Error(`body of ${Buffer.byteLength(body)} bytes`);
          const fetched = parseWithinLimits(fetch.operation, limits);
          checkGraphqlLimits(schemaOf(fetch.serviceName), fetched, fetchVariables, limits, fetch.operationName);
        } catch (error) {
          refused.push(`${op.source} → ${fetch.serviceName} ${path.join(".")}: ${(error as Error).message}`);
        }
      }
    }
    expect(fetches).toBeGreaterThanOrEqual(operations.length);
    expect(refused).toEqual([]);
  });
});

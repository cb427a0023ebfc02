import {
  checkGraphqlLimits,
  DEFAULT_GRAPHQL_LIMITS,
  parseWithinLimits,
  type EdgeKind,
  type GraphqlLimits,
} from "@emporium/platform";
import type { GraphQLSchema } from "graphql";
import { committedOperations, endpointSchemas, variablesFor, type CommittedOperation } from "./committed-operations";

const KIND: Record<CommittedOperation["endpoint"], EdgeKind> = {
  gateway: "gateway",
  "bff-web": "bff",
  "bff-mobile": "bff",
};

/** What refuses `op` on its endpoint with `variables`, or undefined when it passes; the cost beside. */
function refusal(
  op: CommittedOperation,
  schema: GraphQLSchema,
  variables: Record<string, unknown>,
  limits: GraphqlLimits,
): string | undefined {
  try {
    const body = JSON.stringify({ query: op.query, variables, operationName: op.operationName });
    if (Buffer.byteLength(body) > limits.maxBodyBytes) return `body of ${Buffer.byteLength(body)} bytes`;
    const document = parseWithinLimits(op.query, limits);
    checkGraphqlLimits(schema, document, variables, limits, op.operationName);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The limits are chosen so that nothing the repository sends or shows is refused: the GraphiQL tabs,
 * the SDKs' documents (and the BFFs' persisted copies), the benchmarks, the README's examples and
 * GraphiQL's introspection each pass on the endpoint they go to, with the variables they are sent
 * with, and with the largest pages and longest lists a client may ask for.
 */
describe("every committed GraphQL operation passes its endpoint's default limits", () => {
  const operations = committedOperations();
  const schemas = endpointSchemas();

  it("finds the operations of every source", () => {
    const sources = (prefix: string) => operations.filter((op) => op.source.startsWith(prefix)).length;
    expect(sources("gateway/src/graphiql")).toBeGreaterThanOrEqual(10);
    expect(sources("bff-web/src/graph/examples.ts")).toBeGreaterThanOrEqual(5);
    expect(sources("bff-mobile/src/graph/examples.ts")).toBeGreaterThanOrEqual(8);
    expect(sources("sdk/web/operations")).toBeGreaterThanOrEqual(10);
    expect(sources("sdk/mobile/operations")).toBeGreaterThanOrEqual(5);
    expect(sources("bff-web/persisted-documents.json")).toBe(sources("sdk/web/operations"));
    expect(sources("bff-mobile/persisted-documents.json")).toBe(sources("sdk/mobile/operations"));
    expect(sources("bench:")).toBeGreaterThanOrEqual(14);
    expect(sources("README.md")).toBeGreaterThanOrEqual(7);
    expect(sources("GraphiQL's schema introspection")).toBe(3);
  });

  it.each(["as sent", "with the largest pages"] as const)("%s", (variant) => {
    const refused = operations.flatMap((op) => {
      const limits = DEFAULT_GRAPHQL_LIMITS[KIND[op.endpoint]];
      const largest = variant === "as sent" ? undefined : limits;
      const schema = schemas[op.endpoint];
      const why = refusal(op, schema, variablesFor(schema, op, largest), limits);
      return why ? [`${op.source} → ${op.endpoint}: ${why}`] : [];
    });
    expect(refused).toEqual([]);
  });
});

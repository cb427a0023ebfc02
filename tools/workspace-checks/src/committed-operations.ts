import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Supergraph } from "@apollo/federation-internals";
import { buildSubgraphSchema } from "@apollo/subgraph";
import {
  buildSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  visit,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import MarkdownIt from "markdown-it";
// The operations the apps send and show are data this check reads; nothing here runs an app.
// eslint-disable-next-line @nx/enforce-module-boundaries -- reads the benchmarks' operations
import { BENCH_OPERATIONS } from "@emporium/bench/src/bench-operations";
// eslint-disable-next-line @nx/enforce-module-boundaries -- reads bff-web's GraphiQL tabs
import { bffWebExamples } from "@emporium/bff-web/src/graph/examples";
// eslint-disable-next-line @nx/enforce-module-boundaries -- reads bff-mobile's GraphiQL tabs
import { mobileExamples } from "@emporium/bff-mobile/src/graph/examples";
// eslint-disable-next-line @nx/enforce-module-boundaries -- reads the gateway's GraphiQL tabs
import { graphiqlExamples } from "@emporium/gateway/src/graphiql/examples";
import type { GraphiqlExample } from "@emporium/platform";
import { subgraphSdlPath } from "@emporium/registry";
import { REPO } from "./scratch-copy";

/** The public GraphQL endpoints a committed operation is sent to. */
export type Endpoint = "gateway" | "bff-web" | "bff-mobile";

/** One operation as the repository sends it: where it is written, where it goes, with what. */
export interface CommittedOperation {
  /** Where it is written, for the failure message (`README.md:177`, `sdk/web/operations/cart.graphql`). */
  source: string;
  endpoint: Endpoint;
  /** The whole document as sent (other operations and fragments included). */
  query: string;
  operationName?: string;
  /** The variables it is sent with, where the repository says (examples, benchmarks). */
  variables?: Record<string, unknown>;
}

const read = (file: string) => readFileSync(path.join(REPO, file), "utf8");

/** The gateway's public schema (the supergraph's API schema) and each BFF's, as they serve them. */
export function endpointSchemas(): Record<Endpoint, GraphQLSchema> {
  return {
    gateway: committedSupergraph().apiSchema().toGraphQLJSSchema(),
    "bff-web": buildSchema(read("bff-web/src/graph/schema.graphql")),
    "bff-mobile": buildSchema(read("bff-mobile/src/graph/schema.graphql")),
  };
}

export const committedSupergraph = () => Supergraph.build(read("gateway/supergraph.graphql"));

/** A subgraph's schema as it serves it (its SDL plus federation's `_entities` and `_service`). */
export const subgraphSchema = (name: string) => buildSubgraphSchema([{ typeDefs: parse(read(subgraphSdlPath(name))) }]);

/**
 * Every GraphQL operation the repository sends or shows: the GraphiQL examples of the gateway and
 * both BFFs, the SDKs' operation documents and the BFFs' persisted documents, the benchmarks'
 * queries, the README's examples and GraphiQL's introspection. A document with several operations gives one entry for each.
 */
export function committedOperations(): CommittedOperation[] {
  return [
    ...examples("gateway/src/graphiql/examples.ts", "gateway", graphiqlExamples),
    ...examples("bff-web/src/graph/examples.ts", "bff-web", bffWebExamples),
    ...examples("bff-mobile/src/graph/examples.ts", "bff-mobile", mobileExamples),
    ...sdkDocuments("sdk/web/operations", "bff-web"),
    ...sdkDocuments("sdk/mobile/operations", "bff-mobile"),
    ...persistedDocuments("bff-web/persisted-documents.json", "bff-web"),
    ...persistedDocuments("bff-mobile/persisted-documents.json", "bff-mobile"),
    ...BENCH_OPERATIONS.flatMap((op) =>
      eachOperation({ source: `bench: ${op.name}`, endpoint: op.endpoint, query: op.query, variables: op.variables }),
    ),
    ...readmeOperations(),
    ...(["gateway", "bff-web", "bff-mobile"] as const).map((endpoint) => ({
      source: "GraphiQL's schema introspection",
      endpoint,
      query: GRAPHIQL_INTROSPECTION,
    })),
  ];
}

/** What GraphiQL asks every endpoint for when it opens (development mode keeps it working). */
export const GRAPHIQL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  inputValueDeprecation: true,
  schemaDescription: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
});

function examples(file: string, endpoint: Endpoint, tabs: GraphiqlExample[]): CommittedOperation[] {
  return tabs.flatMap((tab) =>
    eachOperation({
      source: `${file}: ${tab.title}`,
      endpoint,
      query: tab.query,
      ...(tab.variables ? { variables: JSON.parse(tab.variables) as Record<string, unknown> } : {}),
    }),
  );
}

function sdkDocuments(folder: string, endpoint: Endpoint): CommittedOperation[] {
  const files = readdirSync(path.join(REPO, folder)).filter((f) => f.endsWith(".graphql"));
  return files.flatMap((f) => eachOperation({ source: `${folder}/${f}`, endpoint, query: read(`${folder}/${f}`) }));
}

function persistedDocuments(file: string, endpoint: Endpoint): CommittedOperation[] {
  const manifest = JSON.parse(read(file)) as Record<string, string>;
  return Object.entries(manifest).flatMap(([hash, query]) =>
    eachOperation({ source: `${file}: ${hash.slice(0, 12)}…`, endpoint, query }),
  );
}

/** The README's `graphql` blocks (the gateway's GraphiQL) and the queries its curl commands send. */
function readmeOperations(): CommittedOperation[] {
  const endpointAt: Record<string, Endpoint> = { "4000": "gateway", "4001": "bff-web", "4002": "bff-mobile" };
  const fences = new MarkdownIt().parse(read("README.md"), {}).filter((token) => token.type === "fence");
  return fences.flatMap((fence) => {
    const source = `README.md:${(fence.map?.[0] ?? 0) + 1}`;
    const lang = fence.info.trim().split(/\s+/)[0];
    if (lang === "graphql") return eachOperation({ source, endpoint: "gateway", query: fence.content });
    if (lang !== "sh") return [];
    const curls = fence.content.matchAll(/127\.0\.0\.1:(400[012])\/graphql[^\n]*(?:\\\n[^\n]*)*?-d '([^']*)'/g);
    return [...curls].flatMap(([, port, body]) => {
      const { query, variables } = JSON.parse(body!) as { query: string; variables?: Record<string, unknown> };
      return eachOperation({ source, endpoint: endpointAt[port!]!, query, ...(variables ? { variables } : {}) });
    });
  });
}

/** One entry per operation of the document (named, so the right one is checked). */
function eachOperation(op: CommittedOperation): CommittedOperation[] {
  const operations = parse(op.query).definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length === 1) return [op];
  return operations.map((o) => ({ ...op, source: `${op.source} (${o.name!.value})`, operationName: o.name!.value }));
}

/**
 * The variables an operation is checked with: those the repository sends, else a value of each
 * required variable's type. `largestPages` also asks for the largest page a client may ask for in
 * every `first`/`last` given by a variable, and the longest list in every list variable, as a
 * client of the SDK may: the committed operations must pass however far a client pages.
 */
export function variablesFor(
  schema: GraphQLSchema,
  op: CommittedOperation,
  largestPages?: { maxListSize: number },
): Record<string, unknown> {
  const operation = chosenOperation(op);
  const pageVariables = new Set<string>();
  visit(operation, {
    Argument(argument) {
      if (["first", "last"].includes(argument.name.value) && argument.value.kind === Kind.VARIABLE)
        pageVariables.add(argument.value.name.value);
    },
  });
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    if (largestPages && pageVariables.has(name)) variables[name] = largestPages.maxListSize;
    else if (isNonNullType(type) && !definition.defaultValue) variables[name] = sampleOf(type, largestPages);
    else if (largestPages && isListType(type)) variables[name] = sampleOf(type, largestPages);
  }
  return { ...variables, ...op.variables };
}

export function chosenOperation(op: CommittedOperation): OperationDefinitionNode {
  const operations = parse(op.query).definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operations.find((o) => o.name?.value === op.operationName) ?? operations[0]!;
}

/** A value of an input type: required fields only, one list item (or the longest list). */
function sampleOf(type: GraphQLInputType, largest?: { maxListSize: number }): unknown {
  if (isNonNullType(type)) return sampleOf(type.ofType, largest);
  if (isListType(type))
    return Array.from({ length: largest ? largest.maxListSize : 1 }, () => sampleOf(type.ofType, largest));
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named))
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, sampleOf(field.type, largest)]),
    );
  return { Int: 1, Float: 1, Boolean: true }[named.name] ?? "x";
}

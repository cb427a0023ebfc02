import { readFileSync } from "node:fs";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { buildSchema, GraphQLSchema, specifiedDirectives } from "graphql";
import mercurius from "mercurius";
import { graphiqlPlugin } from "@emporium/platform";
import { graphiqlExamples } from "../src/graphiql/examples";

/**
 * The public API of the committed supergraph (the join__/link__ machinery dropped), so GraphiQL's
 * introspection, the examples' validation and the render check all see what the gateway serves.
 */
export function supergraphApiSchema(): GraphQLSchema {
  const supergraph = buildSchema(readFileSync(path.join(__dirname, "..", "supergraph.graphql"), "utf8"));
  return new GraphQLSchema({
    query: supergraph.getQueryType(),
    mutation: supergraph.getMutationType(),
    directives: specifiedDirectives,
  });
}

const money = (minor: number) => ({
  amount: (minor / 100).toFixed(2),
  amountMinor: String(minor),
  currency: "EUR",
  formatted: `€${(minor / 100).toFixed(2)}`,
});
const stubProducts = [
  {
    id: "stub-1",
    name: "Stub Kettle",
    description: "A kettle.",
    category: { id: "cat-kitchen", name: "Home & Kitchen", slug: "home-kitchen" },
    skus: [{ id: "sku-1", code: "KET-1", name: "Kettle", price: money(4250), attributes: [] }],
  },
  {
    id: "stub-2",
    name: "Stub Mug",
    description: "A mug.",
    category: { id: "cat-kitchen", name: "Home & Kitchen", slug: "home-kitchen" },
    skus: [{ id: "sku-2", code: "MUG-1", name: "Mug", price: money(1250), attributes: [] }],
  },
];

/**
 * Fastify with the GraphiQL plugin and a real GraphQL endpoint at /graphql (mercurius, the
 * supergraph's API schema, stub data instead of the catalog). Not listening yet.
 */
export async function buildGraphiqlTestApp(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(mercurius, {
    schema: supergraphApiSchema(),
    graphiql: false,
    resolvers: {
      Query: {
        products: (_root: unknown, args: { first?: number }) => {
          const nodes = stubProducts.slice(0, args.first ?? 20);
          return {
            edges: nodes.map((node) => ({ cursor: node.id, node })),
            pageInfo: { hasNextPage: false, endCursor: nodes.at(-1)?.id ?? null },
          };
        },
        product: (_root: unknown, args: { id: string }) => stubProducts.find((p) => p.id === args.id) ?? null,
        categories: () => [stubProducts[0]!.category],
      },
    },
  });
  await app.register(graphiqlPlugin, {
    path: "/graphiql",
    endpoint: "/graphql",
    examples: graphiqlExamples,
    title: "Emporium GraphiQL",
  });
  return app;
}

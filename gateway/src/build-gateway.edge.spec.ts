import "./telemetry-off";
import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import Fastify, { type FastifyInstance } from "fastify";
import { buildSchema, parse } from "graphql";
import pino from "pino";
import mercurius from "mercurius";
import { checkGraphqlLimits, DEFAULT_GRAPHQL_LIMITS } from "@emporium/platform";
import { describeGraphqlEdgeChecks, EDGE_CHECK_SDL, type EdgeLimits } from "@emporium/testing";
import { buildGateway } from "./build-gateway";
import { loadGatewayConfig } from "./config";

/** One subgraph serving EDGE_CHECK_SDL, counting every resolver run (so a refused request shows none). */
async function countingSubgraph(): Promise<{ app: FastifyInstance; url: string; runs: () => number }> {
  let runs = 0;
  const counted =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      runs++;
      return f(...args);
    };
  const item = (id: string) => ({ id });
  const resolvers = {
    Query: {
      hello: counted(() => "hello"),
      item: counted(() => item("i-1")),
      items: counted((_root: unknown, args: { first: number }) =>
        Array.from({ length: args.first }, (_, i) => item(`i-${i}`)),
      ),
    },
    Item: {
      label: counted((parent: { id: string }) => `item ${parent.id}`),
      next: counted((parent: { id: string }) => item(`${parent.id}+`)),
    },
  };
  const app = Fastify();
  await app.register(mercurius, {
    schema: buildSubgraphSchema([{ typeDefs: parse(EDGE_CHECK_SDL), resolvers: resolvers as never }]),
    path: "/graphql",
  });
  const url = `${await app.listen({ host: "127.0.0.1", port: 0 })}/graphql`;
  return { app, url, runs: () => runs };
}

const schema = buildSchema(EDGE_CHECK_SDL);

describeGraphqlEdgeChecks("the gateway", {
  defaults: DEFAULT_GRAPHQL_LIMITS.gateway,
  check: (document: string, variables: Record<string, unknown> | undefined, limits: EdgeLimits) =>
    checkGraphqlLimits(schema, parse(document), variables, limits),
  start: async (limits) => {
    const subgraph = await countingSubgraph();
    const composed = composeServices([{ name: "edge", url: subgraph.url, typeDefs: parse(EDGE_CHECK_SDL) }]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("\n"));
    const config = { ...loadGatewayConfig({}), subgraphUrls: { edge: subgraph.url }, graphqlLimits: limits };
    const gateway = await buildGateway(config, pino({ level: "silent" }), composed.supergraphSdl);
    return {
      send: async (request) => {
        const res = await gateway.inject({ ...request, payload: request.body });
        return { status: res.statusCode, body: res.body };
      },
      resolverRuns: subgraph.runs,
      close: async () => {
        await gateway.close();
        await subgraph.app.close();
      },
    };
  },
});

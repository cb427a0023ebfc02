import type { FastifyInstance, FastifyRequest } from "fastify";
import type { GraphQLError, GraphQLSchema } from "graphql";
import mercurius from "mercurius";
import { formatGraphqlError } from "../errors/graphql-error-format";

export type SubgraphContextFactory = (req: FastifyRequest) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Serves a federation subgraph schema at /graphql with mercurius. Errors leave in the shape of the
 * conventions (extensions.code + requestId, violations for bad input), never with a stack trace.
 */
export function registerSubgraph(app: FastifyInstance, subgraph: { schema: GraphQLSchema; context: SubgraphContextFactory }): void {
  void app.register(mercurius, {
    schema: subgraph.schema,
    path: "/graphql",
    graphiql: false,
    jit: 0,
    queryDepth: 12,
    context: async (req) => ({ requestId: req.id, ...(await subgraph.context(req)) }),
    errorFormatter: (execution, ctx) => {
      const requestId = (ctx as { reply?: { request?: { id?: string } } }).reply?.request?.id ?? "unknown";
      const errors = (execution.errors ?? []) as GraphQLError[];
      const hasData = execution.data !== undefined && execution.data !== null;
      return {
        statusCode: hasData || errors.every((e) => e.originalError) ? 200 : 400,
        response: { data: execution.data ?? null, errors: errors.map((e) => formatGraphqlError(e, requestId)) },
      };
    },
  });
}

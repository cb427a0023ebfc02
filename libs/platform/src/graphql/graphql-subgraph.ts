import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { GraphQLError, type GraphQLSchema } from "graphql";
import mercurius from "mercurius";
import { AppError } from "../errors/app-error";
import { formatGraphqlError } from "../errors/graphql-error-format";
import { CSRF_PREFLIGHT_HEADERS, graphqlEdge } from "../edge/graphql-edge";
import { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from "../edge/graphql-limits";

export type SubgraphContextFactory = (
  req: FastifyRequest,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface SubgraphOptions {
  schema: GraphQLSchema;
  context: SubgraphContextFactory;
  /** The edge policy's limits (DEFAULT_GRAPHQL_LIMITS.subgraph when absent); they admit every query plan. */
  limits?: GraphqlLimits;
}

/**
 * Serves a federation subgraph schema at /graphql with mercurius, behind the edge policy (the same
 * checks as the gateway's, with the subgraph's limits: the endpoint is reachable without the gateway).
 * Errors leave in the shape of the conventions (extensions.code + requestId, violations for bad
 * input), never with a stack trace.
 */
export const graphqlSubgraph: FastifyPluginAsync<SubgraphOptions> = async (app, subgraph) => {
  await app.register(graphqlEdge, {
    schema: () => subgraph.schema,
    limits: subgraph.limits ?? DEFAULT_GRAPHQL_LIMITS.subgraph,
  });
  await app.register(mercurius, {
    schema: subgraph.schema,
    path: "/graphql",
    graphiql: false,
    jit: 0,
    // No queryDepth: depth, like every other limit, is the edge policy's. A GET needs a preflight
    // header, as at every GraphQL endpoint.
    csrfPrevention: { requiredHeaders: [...CSRF_PREFLIGHT_HEADERS] },
    context: async (req) => ({ requestId: req.id, principal: req.principal, ...(await subgraph.context(req)) }),
    errorFormatter: (execution, ctx) => {
      const reply = (ctx as { reply?: { request?: { id?: string; log?: { error(o: object, m: string): void } } } })
        .reply;
      const requestId = reply?.request?.id ?? "unknown";
      // mercurius wraps parse/validation failures in one error whose originalError.errors lists them.
      const errors = ((execution.errors ?? []) as GraphQLError[]).flatMap((e) => {
        const inner = (e.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(inner) ? (inner as GraphQLError[]) : [e];
      });
      for (const e of errors) {
        const original = e.originalError;
        if (original && !(original instanceof AppError) && !(original instanceof GraphQLError))
          reply?.request?.log?.error({ err: original, requestId, path: e.path }, "unexpected error in a resolver");
      }
      const requestRejected =
        !execution.data && errors.some((e) => !e.originalError || e.originalError instanceof GraphQLError);
      return {
        statusCode: requestRejected ? 400 : 200,
        response: { data: execution.data ?? null, errors: errors.map((e) => formatGraphqlError(e, requestId)) },
      };
    },
  });
};

import Fastify, { type FastifyInstance, type preHandlerHookHandler } from "fastify";
import { GraphQLError, type ValidationRule } from "graphql";
import mercurius from "mercurius";
import type { Logger } from "pino";
import { verifyBearerTokens } from "../auth/http-auth-hook";
import { createTokenVerifier } from "../auth/token-verifier";
import type { RuntimeMode } from "../config/load-config";
import { CSRF_PREFLIGHT_HEADERS, graphqlEdge } from "../edge/graphql-edge";
import { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from "../edge/graphql-limits";
import { noIntrospection, productionError } from "../edge/production-mode";
import { DEFAULT_RATE_LIMITS, graphqlRateLimit } from "../edge/rate-limit";
import type { LiveFeed } from "../events/live-feed";
import { graphiqlPlugin } from "../graphiql/graphiql-plugin";
import { createMetrics } from "../metrics/metrics";
import { callerGone, withCallBudget } from "../resilience/call-budget";
import { registerUpstreamMetrics, upstreamPolicies } from "../resilience/upstream-policies";
import { withRequestId } from "../rpc/outbound-request-id";
import { keepAliveDrain } from "../server/keep-alive-drain";
import { loadShedding } from "../server/load-shedding";
import { probes } from "../server/probes";
import { requestMetrics } from "../server/request-metrics";
import { proxyTrust, requestIdHeader, serverOptions } from "../server/server-options";
import { DEFAULT_SUBSCRIPTION_LIMITS, type BffConfig } from "./bff-config";
import { bffErrorFormatter } from "./bff-error-format";
import type { BffGraph } from "./bff-graph";
import {
  persistedDocuments,
  persistedQueryProvider,
  unknownDocumentHash,
  type DocumentRequest,
  type PersistedDocuments,
} from "./persisted-documents";
import { attachSubscriptionResolvers, splitSubscriptionResolvers } from "./subscription-fields";
import { serveSubscriptions, type SubscriptionServer } from "./subscription-server";
import { upstreamReadiness } from "./upstream-readiness";

export interface BffAppOptions<Ctx extends object> {
  name: string;
  /**
   * The realm whose user tokens it accepts, the services whose health its readiness waits for, the
   * subscription limits (DEFAULT_SUBSCRIPTION_LIMITS when absent), the edge policy's limits
   * (DEFAULT_GRAPHQL_LIMITS.bff when absent), each caller's rate limit (DEFAULT_RATE_LIMITS.bff when
   * absent), the proxies whose X-Forwarded-For it believes (none when absent) and the runtime mode
   * (development when absent; production: no introspection, GraphiQL, field suggestions or
   * dev-tokens tokens).
   */
  config: Pick<BffConfig, "authIssuer"> & {
    mode?: RuntimeMode;
    rpcUrls: Readonly<Record<string, string>>;
    /** The services readiness fails without (DEFAULT_REQUIRED_UPSTREAMS when absent); the others are shown only. */
    requiredUpstreams?: readonly string[];
    subscriptions?: BffConfig["subscriptions"];
    graphqlLimits?: Readonly<GraphqlLimits>;
    rateLimits?: BffConfig["rateLimits"];
    trustedProxies?: BffConfig["trustedProxies"];
    /** When it sheds load (DEFAULT_LOAD_LIMITS when absent). */
    loadLimits?: BffConfig["loadLimits"];
  };
  logger: Logger;
  graph: BffGraph<Ctx>;
  /** The live feed the graph's subscriptions listen to; closed with the app, after the connections. */
  liveFeed?: LiveFeed;
  /**
   * The documents clients may send by hash (sha256 hex of the text → the text), as codegen writes
   * them (`persisted-documents.json`). Over HTTP and WebSocket alike.
   */
  persistedDocuments?: Readonly<Record<string, string>>;
  /** Run persisted documents only, refusing other text (PERSISTED_QUERY_REQUIRED). Off by default. */
  persistedOnly?: boolean;
  /** Log each request that sends a document not in the manifest (its hash and operation name). Off by default. */
  logUnknownDocuments?: boolean;
}

/** Subscriptions are served over WebSocket; over HTTP, graphql-js would run them as a query. */
const subscriptionsOverWebSocket: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === "subscription")
      context.reportError(
        new GraphQLError("subscriptions are served over WebSocket (graphql-transport-ws) at this path", {
          nodes: [node],
        }),
      );
  },
});

/**
 * A BFF's HTTP server, built but not listening (tests use `inject`; main.ts listens): its graph
 * with mercurius at /graphql behind bearer-token verification (user tokens, audience
 * emporium-api), its subscriptions over WebSocket (graphql-transport-ws) at the same path,
 * persisted documents over both, GraphiQL at /graphiql with the graph's examples, request ids,
 * metrics at /metrics, /healthz, and /readyz (every required service answers its health check; the
 * others are shown in its details, docs/conventions.md "Graceful degradation").
 *
 * In production mode (docs/conventions.md "Runtime modes") the graph is not introspectable, GraphiQL
 * is absent, errors suggest no field names and say no more than "internal error" when unexpected,
 * and tokens of the development-only clients are refused.
 */
export async function createBffApp<Ctx extends object>(options: BffAppOptions<Ctx>): Promise<FastifyInstance> {
  const { name, config, logger, graph } = options;
  const app = Fastify({
    ...serverOptions(logger),
    ...proxyTrust(config.trustedProxies),
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  const drain = keepAliveDrain(app.server);
  let subscriptions: SubscriptionServer | undefined;
  // WebSocket clients are told first (1001), then the feed they listened to stops.
  app.addHook("preClose", async () => {
    drain.start();
    await subscriptions?.close();
  });
  app.addHook("onClose", async () => {
    await options.liveFeed?.close();
  });
  await app.register(requestIdHeader);
  const metrics = createMetrics(name);
  // Before the token check and the edge policy: an overloaded BFF refuses cheaply (503 OVERLOADED).
  await app.register(loadShedding, { name, listener: "http", limits: config.loadLimits, registry: metrics.registry });
  registerUpstreamMetrics(metrics.registry);
  upstreamPolicies.useLogger(logger);
  await app.register(requestMetrics, { metrics });
  const production = config.mode === "production";
  const verifier = createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api"], mode: config.mode });
  const documents = persistedDocuments(options.persistedDocuments, options.persistedOnly);
  const resolvers = splitSubscriptionResolvers(graph.resolvers);
  const limits = config.graphqlLimits ?? DEFAULT_GRAPHQL_LIMITS.bff;
  // The token check covers /graphql only (encapsulation): GraphiQL, the probes and /metrics need none.
  await app.register(async (graphql) => {
    await graphql.register(verifyBearerTokens, { verifier });
    // Nothing runs for a request the edge policy refuses; documents sent by hash are checked too.
    await graphql.register(graphqlEdge, {
      schema: () => graphql.graphql.schema,
      limits,
      persistedDocument: (hash) => documents.byHash.get(hash),
    });
    // After the token (who is asking) and the edge policy (what it costs); before anything runs.
    await graphql.register(graphqlRateLimit, {
      endpoint: "bff",
      limits: config.rateLimits ?? DEFAULT_RATE_LIMITS.bff,
      registry: metrics.registry,
    });
    // After the body is parsed (a body stream can lose the async context): the calls the resolvers
    // make for this request carry its id to the services, and are cancelled when its client goes away.
    if (options.logUnknownDocuments) graphql.addHook("preHandler", logUnknownDocuments(documents));
    graphql.addHook("preHandler", (req, reply, done) =>
      withRequestId(req.id, () => withCallBudget({ signal: callerGone(reply.raw) }, done)),
    );
    await graphql.register(mercurius, {
      schema: graph.schema,
      resolvers: resolvers.http,
      loaders: graph.loaders,
      path: "/graphql",
      graphiql: false,
      // The time goes into the calls to the services, not into executing the query.
      jit: 0,
      // Depth, like every other limit, is the edge policy's (graphqlEdge, and onSubscribe over WebSocket).
      validationRules: [subscriptionsOverWebSocket, ...(production ? [noIntrospection] : [])],
      persistedQueryProvider: persistedQueryProvider(documents),
      // A browser's simple request (a form post, a GET without a preflight header) runs nothing.
      csrfPrevention: { requiredHeaders: [...CSRF_PREFLIGHT_HEADERS] },
      context: (req) =>
        graph.context({ principal: req.principal, requestId: req.id, authorization: req.headers.authorization }),
      errorFormatter: production ? productionErrorFormatter : bffErrorFormatter,
    });
    const schema = graphql.graphql.schema;
    attachSubscriptionResolvers(schema, resolvers.subscription);
    subscriptions = serveSubscriptions({
      server: app.server,
      path: "/graphql",
      schema: () => graphql.graphql.schema,
      context: (request) => graph.context(request),
      verifier,
      limits: config.subscriptions ?? DEFAULT_SUBSCRIPTION_LIMITS,
      graphqlLimits: limits,
      documents,
      logger,
      registry: metrics.registry,
      mode: config.mode,
      logUnknownDocuments: options.logUnknownDocuments,
    });
  });
  if (!production) {
    await app.register(graphiqlPlugin, {
      path: "/graphiql",
      endpoint: "/graphql",
      examples: graph.examples,
      title: `Emporium ${name} GraphiQL`,
      subscriptions: true,
    });
    app.get("/", async (_req, reply) => reply.redirect("/graphiql"));
  }
  await app.register(probes, { readiness: upstreamReadiness(config.rpcUrls, config.requiredUpstreams) });
  return app;
}

/** bffErrorFormatter, then each error as production shows it (no suggestions, unexpected ones masked). */
const productionErrorFormatter: typeof bffErrorFormatter = (execution, ctx) => {
  const formatted = bffErrorFormatter(execution, ctx);
  return { ...formatted, response: { ...formatted.response, errors: formatted.response.errors.map(productionError) } };
};

/** Logs a request whose document is sent as text the persisted documents do not have (info: it still runs). */
function logUnknownDocuments(documents: PersistedDocuments): preHandlerHookHandler {
  return (req, _reply, done) => {
    const request = (req.method === "GET" ? req.query : req.body) as DocumentRequest & { operationName?: unknown };
    const hash = request && typeof request === "object" ? unknownDocumentHash(documents, request) : undefined;
    if (hash !== undefined)
      req.log.info(
        { documentHash: hash, operationName: typeof request.operationName === "string" ? request.operationName : null },
        "operation not among the persisted documents",
      );
    done();
  };
}

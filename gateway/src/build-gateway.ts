import "./telemetry-off";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import fastifyApollo from "@as-integrations/fastify";
import Fastify, { type FastifyInstance } from "fastify";
import type { GraphQLSchema } from "graphql";
import {
  createMetrics,
  createTokenVerifier,
  CSRF_PREFLIGHT_HEADERS,
  edgeReadiness,
  GATEWAY_CREDENTIAL_HEADER,
  graphiqlPlugin,
  graphqlEdge,
  graphqlRateLimit,
  loadShedding,
  noIntrospection,
  oneErrorPerUnavailable,
  probes,
  productionError,
  proxyTrust,
  REQUEST_ID_HEADER,
  requestIdHeader,
  registerUpstreamMetrics,
  requestMetrics,
  serverOptions,
  verifyBearerTokens,
  type Logger,
  upstreamPolicies,
  type Readiness,
  type UpstreamCheck,
} from "@emporium/platform";
import type { GatewayConfig } from "./config";
import { gatewayCredential, type GatewayCredential } from "./gateway-credential";
import { graphiqlExamples } from "./graphiql/examples";
import { fetchThrough, subgraphFailure, subgraphPolicy, type SubgraphPolicy } from "./subgraph-policy";

/** Beside the bundle (dist/gateway) or one level up from src/ (running from source). */
export const SUPERGRAPH_FILE =
  [path.join(__dirname, "supergraph.graphql"), path.join(__dirname, "..", "supergraph.graphql")].find((f) =>
    existsSync(f),
  ) ?? "supergraph.graphql";

interface GatewayContext {
  requestId: string;
  authorization?: string;
}

/**
 * Forwards the request id and the caller's token to each subgraph, every fetch through the
 * subgraph's policy, and the gateway's own credential beside them (a production subgraph answers
 * the gateway only). A subgraph that cannot answer fails as UNAVAILABLE (`subgraphFailure`).
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    policy: SubgraphPolicy,
    private readonly credential: GatewayCredential,
  ) {
    super({
      url,
      fetcher: fetchThrough(policy),
    });
  }

  override async process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>["process"]>[0]) {
    try {
      return await super.process(options);
    } catch (err) {
      throw subgraphFailure(this.subgraph, err);
    }
  }

  override async willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>["willSendRequest"]>>[0]) {
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.authorization) request.http?.headers.set("authorization", context.authorization);
    const credential = await this.credential();
    if (credential) request.http?.headers.set(GATEWAY_CREDENTIAL_HEADER, credential);
  }
}

/**
 * An unavailable subgraph is reported once per response, however many fetches it failed (kit rule,
 * as the BFFs do).
 */
const unavailableOnce: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = oneErrorPerUnavailable(response.body.singleResult.errors);
      },
    };
  },
};

/**
 * Production shows errors as the BFFs do there (no suggestions, unexpected ones masked), each with the
 * request id: Apollo's formatError does not see the request, the response does.
 */
const productionErrors: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
          productionError({ ...error, extensions: { requestId: contextValue.requestId, ...error.extensions } }),
        );
      },
    };
  },
};

/**
 * The gateway: Apollo Gateway over the committed supergraph, hosted by Apollo Server on Fastify,
 * plus an offline GraphiQL at /graphiql, /healthz + /readyz and /metrics. Not listening yet.
 *
 * In production mode (docs/conventions.md "Runtime modes") the graph is not introspectable, GraphiQL
 * is absent, errors suggest no field names and say no more than "internal error" when unexpected,
 * and tokens of the development-only clients are refused.
 */
export async function buildGateway(
  config: GatewayConfig,
  logger: Logger,
  supergraphSdl = readFileSync(SUPERGRAPH_FILE, "utf8"),
): Promise<FastifyInstance> {
  process.env.APOLLO_TELEMETRY_DISABLED = "1";
  const credential = gatewayCredential(config, logger);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const real = config.subgraphUrls[name];
      if (!real) throw new Error(`no URL configured for subgraph ${name} (committed URL ${url})`);
      const policy = subgraphPolicy(name, { timeoutMs: config.subgraphTimeoutMs });
      return new SubgraphDataSource(name, real, policy, credential);
    },
  });

  const production = config.mode === "production";
  // What clients may ask for: the supergraph's API schema, which the edge policy measures documents on.
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => (apiSchema = loaded));

  const app = Fastify({
    ...serverOptions(logger),
    ...proxyTrust(config.trustedProxies),
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: { requestHeaders: [...CSRF_PREFLIGHT_HEADERS] },
    // No automatic persisted queries: a document registered by hash would run later with other
    // variables, past the edge policy's list-size and cost checks. Clients send the text.
    persistedQueries: false,
    // Production refuses it with the kit's rule, so the gateway and the BFFs say the same thing.
    introspection: true,
    validationRules: production ? [noIntrospection] : [],
    // Validation errors without "Did you mean …?"; productionErrors strips the rest (variables).
    hideSchemaDetailsFromClientErrors: production,
    // No fastifyApolloDrainPlugin: Fastify's close already drains requests before its onClose hook
    // stops Apollo, and the plugin's second close from inside that hook never returned.
    plugins: [ApolloServerPluginLandingPageDisabled(), unavailableOnce, ...(production ? [productionErrors] : [])],
    formatError: (formatted, error) => {
      // Subgraph errors arrive already shaped (code, requestId); gateway-level ones get the code too.
      const ext = formatted.extensions ?? {};
      const { stacktrace: _drop, exception: _drop2, ...rest } = ext as Record<string, unknown>;
      void error;
      return { ...formatted, extensions: { ...rest, code: rest.code ?? "INTERNAL_SERVER_ERROR" } };
    },
    logger: {
      debug: () => undefined,
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();

  await app.register(requestIdHeader);
  const metrics = createMetrics("gateway");
  // Before the token check and the edge policy: an overloaded gateway refuses cheaply (503 OVERLOADED).
  const shedding = { name: "gateway", listener: "http", limits: config.loadLimits, registry: metrics.registry };
  await app.register(loadShedding, shedding);
  // Each subgraph's breaker state and refusals, and one log line per breaker transition.
  registerUpstreamMetrics(metrics.registry);
  upstreamPolicies.useLogger(logger);
  await app.register(requestMetrics, { metrics });
  const verifier = createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api"], mode: config.mode });
  await app.register(async (graphql) => {
    // A token the caller sends must be valid before any planning happens; the subgraphs verify it
    // again and decide what it may do. GraphiQL and the probes need none.
    await graphql.register(verifyBearerTokens, { verifier });
    await graphql.register(graphqlEdge, { schema: () => apiSchemaOf(apiSchema), limits: config.graphqlLimits });
    // After the token (who is asking) and the edge policy (what it costs); before any planning.
    await graphql.register(graphqlRateLimit, {
      endpoint: "gateway",
      limits: config.rateLimits,
      registry: metrics.registry,
    });
    await graphql.register(fastifyApollo(apollo), {
      path: "/graphql",
      context: async (req) => ({ requestId: req.id, authorization: req.headers.authorization }),
    });
  });
  if (!production) {
    await app.register(graphiqlPlugin, {
      path: "/graphiql",
      endpoint: "/graphql",
      examples: graphiqlExamples,
      title: "Emporium GraphiQL",
    });
    app.get("/", async (_req, reply) => reply.redirect("/graphiql"));
  }
  await app.register(probes, { readiness: () => subgraphReadiness(config) });
  app.addHook("onClose", async () => {
    await apollo.stop();
  });
  return app;
}

/** The API schema is loaded by `apollo.start()`, before the gateway serves anything. */
function apiSchemaOf(schema: GraphQLSchema | undefined): GraphQLSchema {
  if (!schema) throw new Error("the gateway has not loaded its supergraph");
  return schema;
}

/**
 * Ready when every required subgraph answers its own readiness probe (same host, /readyz); the
 * others are probed and shown in the details without failing it (docs/conventions.md "Graceful
 * degradation").
 */
async function subgraphReadiness(config: GatewayConfig): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(config.subgraphUrls).map(async ([name, url]) => {
      try {
        const res = await fetch(new URL("/readyz", url), { signal: AbortSignal.timeout(2_000) });
        return [name, res.ok ? { ok: true } : { ok: false, error: `readyz answered ${res.status}` }] as const;
      } catch (err) {
        return [name, { ok: false, error: (err as Error).message }] as const;
      }
    }),
  );
  return edgeReadiness(
    Object.fromEntries(entries.map(([name, check]) => [name, withBreaker(name, check)])),
    config.requiredSubgraphs,
  );
}

/** A subgraph's check with the state of its breaker ("closed", "open", "half-open"). */
function withBreaker(subgraph: string, check: UpstreamCheck): UpstreamCheck & { breaker?: string } {
  const policy = upstreamPolicies.all().find((p) => p.upstream === subgraph);
  return policy ? { ...check, breaker: policy.breakerState() } : check;
}

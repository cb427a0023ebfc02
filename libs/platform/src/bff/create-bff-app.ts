import Fastify, { type FastifyInstance } from "fastify";
import mercurius from "mercurius";
import type { Logger } from "pino";
import { verifyBearerTokens } from "../auth/http-auth-hook";
import { createTokenVerifier } from "../auth/token-verifier";
import { graphiqlPlugin } from "../graphiql/graphiql-plugin";
import { createMetrics } from "../metrics/metrics";
import { withRequestId } from "../rpc/outbound-request-id";
import { keepAliveDrain } from "../server/keep-alive-drain";
import { probes } from "../server/probes";
import { requestMetrics } from "../server/request-metrics";
import { requestIdHeader, serverOptions } from "../server/server-options";
import type { BffConfig } from "./bff-config";
import { bffErrorFormatter } from "./bff-error-format";
import type { BffGraph } from "./bff-graph";
import { upstreamReadiness } from "./upstream-readiness";

export interface BffAppOptions<Ctx extends object> {
  name: string;
  /** The realm whose user tokens it accepts, and the services whose health its readiness waits for. */
  config: Pick<BffConfig, "authIssuer"> & { rpcUrls: Readonly<Record<string, string>> };
  logger: Logger;
  graph: BffGraph<Ctx>;
}

/**
 * A BFF's HTTP server, built but not listening (tests use `inject`; main.ts listens): its graph
 * with mercurius at /graphql behind bearer-token verification (user tokens, audience
 * emporium-api), GraphiQL at /graphiql with the graph's examples, request ids, metrics at /metrics,
 * /healthz, and /readyz (every service it calls answers its health check).
 */
export async function createBffApp<Ctx extends object>(options: BffAppOptions<Ctx>): Promise<FastifyInstance> {
  const { name, config, logger, graph } = options;
  const app = Fastify({ ...serverOptions(logger), return503OnClosing: true, forceCloseConnections: "idle" });
  const drain = keepAliveDrain(app.server);
  app.addHook("preClose", (done) => {
    drain.start();
    done();
  });
  await app.register(requestIdHeader);
  await app.register(requestMetrics, { metrics: createMetrics(name) });
  const verifier = createTokenVerifier({ issuer: config.authIssuer, audiences: ["emporium-api"] });
  // The token check covers /graphql only (encapsulation): GraphiQL, the probes and /metrics need none.
  await app.register(async (graphql) => {
    await graphql.register(verifyBearerTokens, { verifier });
    // After the body is parsed (a body stream can lose the async context): the calls the resolvers
    // make for this request carry its id to the services.
    graphql.addHook("preHandler", (req, _reply, done) => withRequestId(req.id, done));
    await graphql.register(mercurius, {
      schema: graph.schema,
      resolvers: graph.resolvers,
      loaders: graph.loaders,
      path: "/graphql",
      graphiql: false,
      // The time goes into the calls to the services, not into executing the query.
      jit: 0,
      queryDepth: 12,
      // A browser's simple request (a form post, a GET without a preflight header) runs nothing.
      csrfPrevention: true,
      context: (req) =>
        graph.context({ principal: req.principal, requestId: req.id, authorization: req.headers.authorization }),
      errorFormatter: bffErrorFormatter,
    });
  });
  await app.register(graphiqlPlugin, {
    path: "/graphiql",
    endpoint: "/graphql",
    examples: graph.examples,
    title: `Emporium ${name} GraphiQL`,
    // /graphql serves subscriptions over graphql-ws too: GraphiQL runs them.
    subscriptions: true,
  });
  app.get("/", async (_req, reply) => reply.redirect("/graphiql"));
  await app.register(probes, { readiness: upstreamReadiness(config.rpcUrls) });
  return app;
}

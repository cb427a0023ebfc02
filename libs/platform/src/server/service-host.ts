import type { DescService } from "@bufbuild/protobuf";
import { createContextValues, type ConnectRouter } from "@connectrpc/connect";
import { fastifyConnectPlugin } from "@connectrpc/connect-fastify";
import Fastify, { type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { Health } from "@emporium/contracts/grpc/health/v1/health_pb";
import { ServerReflection } from "@emporium/contracts/grpc/reflection/v1/reflection_pb";
import { registerHealthService } from "../health/health-service";
import type { HealthMonitor } from "../health/health-monitor";
import type { Metrics } from "../metrics/metrics";
import { registerReflectionService } from "../reflection/reflection-service";
import { serverInterceptors } from "../rpc/server-interceptors";
import { graphqlSubgraph, type SubgraphOptions } from "../graphql/graphql-subgraph";
import { keepAliveDrain } from "./keep-alive-drain";
import { probes } from "./probes";
import { requestMetrics } from "./request-metrics";
import { requestIdHeader, serverOptions } from "./server-options";
import { verifyBearerTokens } from "../auth/http-auth-hook";
import { rpcAuthInterceptor, type RpcAccess } from "../auth/rpc-auth-interceptor";
import type { TokenVerifier } from "../auth/token-verifier";
import { DEFAULT_RATE_LIMITS, remoteAddressKey, rpcRateLimitInterceptor, type RateLimits } from "../edge/rate-limit";
import type { RuntimeMode } from "../config/load-config";
import { requireGatewayCredential } from "../edge/gateway-credential";
import { faultAdmin, faultInterceptor } from "../faults/fault-admin";
import type { FaultInjector } from "../faults/fault-injector";

export interface ServiceHostOptions {
  name: string;
  /** production: the subgraph answers the gateway only (see edge/gateway-credential.ts). */
  mode: RuntimeMode;
  host: string;
  rpcPort: number;
  httpPort: number;
  logger: Logger;
  metrics: Metrics;
  health: HealthMonitor;
  /** The service's own Connect services, for reflection and health by name. */
  services: readonly DescService[];
  routes: (router: ConnectRouter) => void;
  subgraph?: SubgraphOptions;
  /** Token verification and the access table of the service's RPCs (see rpc-auth-interceptor.ts). */
  auth: { verifier: TokenVerifier; access: Readonly<Record<string, RpcAccess>> };
  /** The RPCs' budgets per caller (DEFAULT_RATE_LIMITS.rpc when absent). */
  rateLimits?: Readonly<RateLimits>;
  shutdownTimeoutMs: number;
  /** Fault-injection flags: applied to every RPC, changed at /admin/faults (development only). */
  faults?: FaultInjector;
}

export interface ServiceHost {
  rpc: FastifyInstance;
  http: FastifyInstance;
  listen(): Promise<{ rpcUrl: string; httpUrl: string }>;
  close(): Promise<void>;
}

/**
 * Both listeners of a service, built but not listening (tests use `inject` or listen on port 0):
 * - RPC (h2c): Connect, gRPC and gRPC-Web, plus grpc.health.v1 and server reflection;
 * - HTTP/1.1: the same RPCs for HTTP/1.1 clients such as curl, the subgraph at /graphql,
 *   /healthz, /readyz and /metrics.
 */
export function buildServiceHost(options: ServiceHostOptions): ServiceHost {
  const { logger, metrics, health, shutdownTimeoutMs } = options;
  const serviceNames = options.services.map((s) => s.typeName);
  const routes = (router: ConnectRouter) => {
    options.routes(router);
    registerHealthService(router, health, serviceNames);
    // Tools list the health and reflection services too, as they do with grpc-go or grpc-java servers.
    registerReflectionService(router, [...options.services, Health, ServerReflection]);
  };
  const connectOptions = {
    routes,
    interceptors: [
      ...serverInterceptors(
        logger,
        metrics,
        rpcAuthInterceptor(options.auth.verifier, options.auth.access),
        // One limiter for both listeners: a caller's budget is the same whichever port it calls.
        rpcRateLimitInterceptor(options.rateLimits ?? DEFAULT_RATE_LIMITS.rpc, metrics.registry),
      ),
      ...(options.faults ? [faultInterceptor(options.faults)] : []),
    ],
    // Callers without a token are limited per remote address.
    contextValues: (req: { ip: string }) => createContextValues().set(remoteAddressKey, req.ip),
    shutdownTimeoutMs,
    jsonOptions: { ignoreUnknownFields: false },
  };
  // One access-log line per call comes from the RPC interceptor or requestMetrics, never Fastify.
  const common = serverOptions(logger);

  // Idle HTTP/2 sessions live Fastify's default 72 s. Tying that to the shutdown timeout closed a
  // client's idle session every few seconds, and a call sent as the server closed it was refused
  // (REFUSED_STREAM). Shutdown does not need it: closing the server closes every session gracefully.
  const rpc = Fastify({ ...common, http2: true }) as unknown as FastifyInstance;
  void rpc.register(fastifyConnectPlugin, connectOptions);

  const http = Fastify({ ...common, forceCloseConnections: "idle", return503OnClosing: true });
  const httpDrain = keepAliveDrain(http.server);
  void http.register(requestIdHeader);
  void http.register(requestMetrics, { metrics });
  void http.register(fastifyConnectPlugin, connectOptions);
  void http.register(probes, { readiness: () => ({ status: health.status(), checks: health.details() }) });
  if (options.faults) void http.register(faultAdmin, { faults: options.faults, mode: options.mode });
  const { subgraph, auth } = options;
  // Tokens sent to the subgraph are verified in its own scope; the probes and /metrics stay open.
  // The gateway's credential comes first: in production nothing else runs for anyone else.
  if (subgraph)
    void http.register(async (graphql) => {
      await graphql.register(requireGatewayCredential, { verifier: auth.verifier, mode: options.mode });
      await graphql.register(verifyBearerTokens, { verifier: auth.verifier });
      await graphql.register(graphqlSubgraph, subgraph);
    });

  let urls: { rpcUrl: string; httpUrl: string } | undefined;
  return {
    rpc,
    http,
    async listen() {
      await rpc.listen({ host: options.host, port: options.rpcPort });
      await http.listen({ host: options.host, port: options.httpPort });
      urls = { rpcUrl: urlOf(rpc), httpUrl: urlOf(http) };
      logger.info(urls, `${options.name} listening`);
      return urls;
    },
    async close() {
      health.markShuttingDown();
      httpDrain.start();
      await Promise.all([rpc.close(), http.close()]);
    },
  };
}

function urlOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("server is not listening on TCP");
  return `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
}

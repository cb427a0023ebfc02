import { z } from "zod";
import {
  DEFAULT_REQUIRED_UPSTREAMS,
  envField,
  graphqlLimitsFromEnv,
  loadConfig,
  loadLimitsFromEnv,
  rateLimitsFromEnv,
  type GraphqlLimits,
  type LoadLimits,
  type RateLimits,
  type RuntimeMode,
} from "@emporium/platform";
import { GATEWAY } from "@emporium/registry";
import { subgraphs } from "./subgraphs";

export interface GatewayConfig {
  /** EMPORIUM_ENV: development (default) or production. */
  mode: RuntimeMode;
  host: string;
  port: number;
  logLevel: string;
  /** Real URL of each subgraph by name, from EMPORIUM_<NAME>_GRAPHQL_URL or the local default. */
  subgraphUrls: Record<string, string>;
  /** Deadline for each subgraph fetch. */
  subgraphTimeoutMs: number;
  /**
   * The subgraphs readiness fails without (EMPORIUM_GATEWAY_REQUIRED_SUBGRAPHS, comma-separated;
   * DEFAULT_REQUIRED_UPSTREAMS, catalog, when unset). The others are shown in /readyz's details.
   */
  requiredSubgraphs: readonly string[];
  shutdownTimeoutMs: number;
  /** The Keycloak realm whose user access tokens the gateway accepts. */
  authIssuer: string;
  /** The edge policy's limits (EMPORIUM_GATEWAY_GRAPHQL_MAX_DEPTH …; defaults DEFAULT_GRAPHQL_LIMITS.gateway). */
  graphqlLimits: Readonly<GraphqlLimits>;
  /** Each caller's budget of GraphQL cost per window (EMPORIUM_GATEWAY_RATE_LIMIT_*). */
  rateLimits: RateLimits;
  /** The proxies whose X-Forwarded-For names the caller (EMPORIUM_TRUSTED_PROXIES); none by default. */
  trustedProxies: readonly string[];
  /**
   * The secret of the gateway's own Keycloak client (`gateway`), for the client-credentials token
   * it sends every subgraph (EMPORIUM_GATEWAY_CLIENT_SECRET; locally the realm's development secret).
   */
  clientSecret: string;
  /** When it sheds load (EMPORIUM_GATEWAY_LOAD_*; docs/conventions.md "Load shedding"). */
  loadLimits: Readonly<LoadLimits>;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const rateLimits = rateLimitsFromEnv("gateway", "EMPORIUM_GATEWAY_", env);
  const urlVars = Object.fromEntries(subgraphs.map((s) => [s.urlVariable, envField.url(s.localUrl)]));
  const schema = z
    .object({
      EMPORIUM_GATEWAY_HOST: envField.host(),
      EMPORIUM_GATEWAY_PORT: envField.port(GATEWAY.httpPort),
      EMPORIUM_ENV: envField.runtimeMode(),
      EMPORIUM_LOG_LEVEL: envField.logLevel(),
      EMPORIUM_GATEWAY_SUBGRAPH_TIMEOUT_MS: envField.milliseconds(5_000),
      EMPORIUM_GATEWAY_REQUIRED_SUBGRAPHS: envField.names(
        subgraphs.map((s) => s.name),
        DEFAULT_REQUIRED_UPSTREAMS,
      ),
      EMPORIUM_SHUTDOWN_TIMEOUT_MS: envField.milliseconds(10_000),
      EMPORIUM_AUTH_ISSUER: envField.url("http://127.0.0.1:8080/realms/emporium"),
      EMPORIUM_TRUSTED_PROXIES: envField.trustedProxies(),
      EMPORIUM_GATEWAY_CLIENT_SECRET: z.string().min(1).default("dev-only-gateway-secret"),
      ...urlVars,
    })
    .transform((e) => ({
      mode: e.EMPORIUM_ENV as RuntimeMode,
      host: e.EMPORIUM_GATEWAY_HOST,
      port: e.EMPORIUM_GATEWAY_PORT,
      logLevel: e.EMPORIUM_LOG_LEVEL,
      subgraphTimeoutMs: e.EMPORIUM_GATEWAY_SUBGRAPH_TIMEOUT_MS,
      requiredSubgraphs: e.EMPORIUM_GATEWAY_REQUIRED_SUBGRAPHS,
      shutdownTimeoutMs: e.EMPORIUM_SHUTDOWN_TIMEOUT_MS,
      authIssuer: e.EMPORIUM_AUTH_ISSUER as string,
      graphqlLimits: graphqlLimitsFromEnv("gateway", "EMPORIUM_GATEWAY_", env),
      rateLimits,
      trustedProxies: e.EMPORIUM_TRUSTED_PROXIES,
      clientSecret: e.EMPORIUM_GATEWAY_CLIENT_SECRET,
      loadLimits: loadLimitsFromEnv("EMPORIUM_GATEWAY_", env),
      subgraphUrls: Object.fromEntries(
        subgraphs.map((s) => [s.name, (e as Record<string, unknown>)[s.urlVariable] as string]),
      ),
    }));
  return loadConfig(schema, env);
}

import { z } from "zod";
import {
  SERVICES,
  bffNamed,
  defaultRpcUrl,
  envPrefix,
  rpcUrlVariable,
  type BffName,
  type ServiceName,
} from "@emporium/registry";
import { serviceTokens, type TokenSource } from "../auth/client-credentials";
import { envField, loadConfig, type RuntimeMode } from "../config/load-config";
import { graphqlLimitsFromEnv, type GraphqlLimits } from "../edge/graphql-limits";
import { rateLimitsFromEnv, type RateLimits } from "../edge/rate-limit";
import { loadLimitsFromEnv, type LoadLimits } from "../server/load-shedding";
import { DEFAULT_REQUIRED_UPSTREAMS } from "./degradation";

/** What a BFF process needs, read from `EMPORIUM_BFF_<NAME>_*` and the platform's shared variables. */
export interface BffConfig {
  /** The BFF's registry name (`bff-web`); also its Keycloak client. */
  name: BffName;
  /** EMPORIUM_ENV: development (default) or production. */
  mode: RuntimeMode;
  host: string;
  port: number;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** The Keycloak realm whose user access tokens it accepts (the `iss` claim). */
  authIssuer: string;
  /** The secret of its own Keycloak client, for client-credentials calls. Locally the realm's development secret. */
  clientSecret: string;
  /** Each service's RPC port (EMPORIUM_<SERVICE>_RPC_URL, else the registry's local default). */
  rpcUrls: Readonly<Record<ServiceName, string>>;
  /** The deadline of every call to a service. */
  callTimeoutMs: number;
  /**
   * The services its readiness fails without (EMPORIUM_BFF_<NAME>_REQUIRED_UPSTREAMS, comma-separated;
   * DEFAULT_REQUIRED_UPSTREAMS when unset). The others only degrade what they contribute.
   */
  requiredUpstreams: readonly ServiceName[];
  /**
   * RabbitMQ as the BFF's own broker user (EMPORIUM_BFF_<NAME>_AMQP_URL), for its live feed. Unset:
   * no live feed, so subscriptions that follow events have nothing to follow.
   */
  amqpUrl?: string;
  /** The limits of GraphQL subscriptions over WebSocket (EMPORIUM_BFF_<NAME>_WS_*). */
  subscriptions: SubscriptionLimits;
  /** The edge policy's limits, over HTTP and WebSocket alike (EMPORIUM_BFF_<NAME>_GRAPHQL_MAX_DEPTH …). */
  graphqlLimits: Readonly<GraphqlLimits>;
  /** Each caller's budget of GraphQL cost per window (EMPORIUM_BFF_<NAME>_RATE_LIMIT_*). */
  rateLimits: RateLimits;
  /** The proxies whose X-Forwarded-For names the caller (EMPORIUM_TRUSTED_PROXIES); none by default. */
  trustedProxies: readonly string[];
  /** When it sheds load (EMPORIUM_BFF_<NAME>_LOAD_*; docs/conventions.md "Load shedding"). */
  loadLimits: Readonly<LoadLimits>;
}

/** What one client may hold open; docs/conventions.md "Subscriptions" lists the close codes. */
export interface SubscriptionLimits {
  /** Open connections per principal (anonymous connections count per remote address); more close with 1008. */
  maxConnectionsPerPrincipal: number;
  /** Active subscriptions per connection; one more is answered with LIMIT_EXCEEDED. */
  maxSubscriptionsPerConnection: number;
  /** The largest message a client may send; a larger one closes the connection with 1009. */
  maxMessageBytes: number;
  /** A connection with no active subscription this long closes with 1000 "idle". */
  idleTimeoutMs: number;
  /** A connection that sends no connection_init within this closes with 4408. */
  connectionInitTimeoutMs: number;
}

/** The limits a BFF runs with unless its environment says otherwise. */
export const DEFAULT_SUBSCRIPTION_LIMITS: Readonly<SubscriptionLimits> = Object.freeze({
  maxConnectionsPerPrincipal: 10,
  maxSubscriptionsPerConnection: 25,
  maxMessageBytes: 65_536,
  idleTimeoutMs: 60_000,
  connectionInitTimeoutMs: 5_000,
});

/** A BFF's config: its port defaults to its registry entry; every value can come from env. */
export function loadBffConfig(name: BffName, env: NodeJS.ProcessEnv = process.env): Readonly<BffConfig> {
  const p = envPrefix(name);
  const rateLimits = rateLimitsFromEnv("bff", p, env);
  const rpcUrlFields = Object.fromEntries(
    SERVICES.map((s) => [rpcUrlVariable(s.name), envField.url(defaultRpcUrl(s.name))]),
  );
  const schema = z
    .object({
      [`${p}HOST`]: envField.host(),
      [`${p}PORT`]: envField.port(bffNamed(name).httpPort),
      [`${p}CLIENT_SECRET`]: z.string().min(1).default(`dev-only-${name}-secret`),
      [`${p}CALL_TIMEOUT_MS`]: envField.milliseconds(3_000),
      [`${p}REQUIRED_UPSTREAMS`]: envField.names(
        SERVICES.map((s) => s.name),
        DEFAULT_REQUIRED_UPSTREAMS,
      ),
      [`${p}AMQP_URL`]: envField.amqpUrl().optional(),
      [`${p}WS_MAX_CONNECTIONS_PER_PRINCIPAL`]: envField.positiveInt(
        DEFAULT_SUBSCRIPTION_LIMITS.maxConnectionsPerPrincipal,
      ),
      [`${p}WS_MAX_SUBSCRIPTIONS_PER_CONNECTION`]: envField.positiveInt(
        DEFAULT_SUBSCRIPTION_LIMITS.maxSubscriptionsPerConnection,
      ),
      [`${p}WS_MAX_MESSAGE_BYTES`]: envField.positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.maxMessageBytes),
      [`${p}WS_IDLE_TIMEOUT_MS`]: envField.positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.idleTimeoutMs),
      [`${p}WS_CONNECTION_INIT_TIMEOUT_MS`]: envField.positiveInt(DEFAULT_SUBSCRIPTION_LIMITS.connectionInitTimeoutMs),
      EMPORIUM_ENV: envField.runtimeMode(),
      EMPORIUM_LOG_LEVEL: envField.logLevel(),
      EMPORIUM_SHUTDOWN_TIMEOUT_MS: envField.milliseconds(10_000),
      EMPORIUM_AUTH_ISSUER: envField.url("http://127.0.0.1:8080/realms/emporium"),
      EMPORIUM_TRUSTED_PROXIES: envField.trustedProxies(),
      ...rpcUrlFields,
    })
    .transform((e) => ({
      name,
      mode: e.EMPORIUM_ENV as RuntimeMode,
      host: e[`${p}HOST`] as string,
      port: e[`${p}PORT`] as number,
      clientSecret: e[`${p}CLIENT_SECRET`] as string,
      callTimeoutMs: e[`${p}CALL_TIMEOUT_MS`] as number,
      requiredUpstreams: e[`${p}REQUIRED_UPSTREAMS`] as ServiceName[],
      logLevel: e.EMPORIUM_LOG_LEVEL as string,
      shutdownTimeoutMs: e.EMPORIUM_SHUTDOWN_TIMEOUT_MS as number,
      authIssuer: e.EMPORIUM_AUTH_ISSUER as string,
      rpcUrls: Object.fromEntries(SERVICES.map((s) => [s.name, e[rpcUrlVariable(s.name)] as string])) as Record<
        ServiceName,
        string
      >,
      ...(e[`${p}AMQP_URL`] ? { amqpUrl: e[`${p}AMQP_URL`] as string } : {}),
      rateLimits,
      trustedProxies: e.EMPORIUM_TRUSTED_PROXIES as string[],
      subscriptions: {
        maxConnectionsPerPrincipal: e[`${p}WS_MAX_CONNECTIONS_PER_PRINCIPAL`] as number,
        maxSubscriptionsPerConnection: e[`${p}WS_MAX_SUBSCRIPTIONS_PER_CONNECTION`] as number,
        maxMessageBytes: e[`${p}WS_MAX_MESSAGE_BYTES`] as number,
        idleTimeoutMs: e[`${p}WS_IDLE_TIMEOUT_MS`] as number,
        connectionInitTimeoutMs: e[`${p}WS_CONNECTION_INIT_TIMEOUT_MS`] as number,
      },
      graphqlLimits: graphqlLimitsFromEnv("bff", p, env),
      loadLimits: loadLimitsFromEnv(p, env),
    }));
  return loadConfig(schema, env);
}

/** The BFF's own access tokens (client credentials of its Keycloak client, named like the BFF). */
export const bffTokens = (config: BffConfig): TokenSource =>
  serviceTokens({ service: config.name, authIssuer: config.authIssuer, clientSecret: config.clientSecret });

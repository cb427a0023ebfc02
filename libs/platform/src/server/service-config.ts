import { z } from "zod";
import { envField, loadConfig, type RuntimeMode } from "../config/load-config";
import { DEFAULT_INBOX_RETENTION_DAYS } from "../events/inbox-purge";
import { graphqlLimitsFromEnv, type GraphqlLimits } from "../edge/graphql-limits";
import { rateLimitsFromEnv, type RateLimits } from "../edge/rate-limit";
import { loadLimitsFromEnv, type LoadLimits } from "./load-shedding";
import { faultFlagsFromEnv, type FaultFlags } from "../faults/fault-flags";

/** What every service process needs, read from `EMPORIUM_<SERVICE>_*` variables. */
export interface ServiceConfig {
  service: string;
  /** EMPORIUM_ENV: development (default) or production. */
  mode: RuntimeMode;
  host: string;
  rpcPort: number;
  httpPort: number;
  databaseUrl: string;
  logLevel: string;
  /** How long SIGTERM waits for in-flight requests before aborting them. */
  shutdownTimeoutMs: number;
  /** How often readiness re-probes dependencies (the database). */
  healthIntervalMs: number;
  /** Deadline for every database statement. */
  statementTimeoutMs: number;
  /** The Keycloak realm whose access tokens are accepted (the `iss` claim). */
  authIssuer: string;
  /**
   * The secret of the service's own Keycloak client (named like the service), for the
   * client-credentials tokens it calls other services with. Locally the realm's development secret.
   */
  clientSecret: string;
  /**
   * RabbitMQ (EMPORIUM_<SERVICE>_AMQP_URL, else EMPORIUM_AMQP_URL). Unset: events still go into the
   * outbox, but nothing publishes or consumes them (tests that do not care about messaging).
   */
  amqpUrl?: string;
  /** Days a consumer keeps its inbox rows (EMPORIUM_<SERVICE>_INBOX_RETENTION_DAYS; docs/adr/0006). */
  inboxRetentionDays: number;
  /** The edge policy's limits of its subgraph endpoint (EMPORIUM_<SERVICE>_GRAPHQL_MAX_DEPTH …). */
  graphqlLimits: Readonly<GraphqlLimits>;
  /** Each caller's RPC budget (EMPORIUM_<SERVICE>_RPC_RATE_LIMIT_*; docs/conventions.md "Rate limits"). */
  rpcRateLimits: RateLimits;
  /** When each listener sheds load (EMPORIUM_<SERVICE>_LOAD_*; docs/conventions.md "Load shedding"). */
  loadLimits: Readonly<LoadLimits>;
  /** Fault-injection flags in force from the start (EMPORIUM_<SERVICE>_FAULTS, JSON); refused in production. */
  faults?: FaultFlags;
}

export interface ServiceDefaults {
  rpcPort: number;
  httpPort: number;
  databaseUrl: string;
}

const amqpUrl = envField.amqpUrl();

export function loadServiceConfig(
  service: string,
  defaults: ServiceDefaults,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<ServiceConfig> {
  const p = `EMPORIUM_${service.toUpperCase()}_`;
  const rpcRateLimits = rateLimitsFromEnv("rpc", `${p}RPC_`, env);
  const schema = z
    .object({
      [`${p}HOST`]: envField.host(),
      [`${p}RPC_PORT`]: envField.port(defaults.rpcPort),
      [`${p}HTTP_PORT`]: envField.port(defaults.httpPort),
      [`${p}DATABASE_URL`]: envField.url(defaults.databaseUrl),
      EMPORIUM_ENV: envField.runtimeMode(),
      EMPORIUM_LOG_LEVEL: envField.logLevel(),
      EMPORIUM_SHUTDOWN_TIMEOUT_MS: envField.milliseconds(10_000),
      EMPORIUM_HEALTH_INTERVAL_MS: envField.milliseconds(2_000),
      EMPORIUM_STATEMENT_TIMEOUT_MS: envField.milliseconds(5_000),
      EMPORIUM_AUTH_ISSUER: envField.url("http://127.0.0.1:8080/realms/emporium"),
      [`${p}CLIENT_SECRET`]: z.string().min(1).default(`dev-only-${service}-secret`),
      [`${p}AMQP_URL`]: amqpUrl.optional(),
      EMPORIUM_AMQP_URL: amqpUrl.optional(),
      [`${p}INBOX_RETENTION_DAYS`]: z.coerce.number().int().min(1).default(DEFAULT_INBOX_RETENTION_DAYS),
    })
    .transform((e) => ({
      service,
      mode: e.EMPORIUM_ENV as RuntimeMode,
      host: e[`${p}HOST`] as string,
      rpcPort: e[`${p}RPC_PORT`] as number,
      httpPort: e[`${p}HTTP_PORT`] as number,
      databaseUrl: e[`${p}DATABASE_URL`] as string,
      logLevel: e.EMPORIUM_LOG_LEVEL as string,
      shutdownTimeoutMs: e.EMPORIUM_SHUTDOWN_TIMEOUT_MS as number,
      healthIntervalMs: e.EMPORIUM_HEALTH_INTERVAL_MS as number,
      statementTimeoutMs: e.EMPORIUM_STATEMENT_TIMEOUT_MS as number,
      authIssuer: e.EMPORIUM_AUTH_ISSUER as string,
      clientSecret: e[`${p}CLIENT_SECRET`] as string,
      inboxRetentionDays: e[`${p}INBOX_RETENTION_DAYS`] as number,
      graphqlLimits: graphqlLimitsFromEnv("subgraph", p, env),
      rpcRateLimits,
      loadLimits: loadLimitsFromEnv(p, env),
      faults: faultFlagsFromEnv(`${p}FAULTS`, env[`${p}FAULTS`], e.EMPORIUM_ENV as RuntimeMode),
      ...((e[`${p}AMQP_URL`] ?? e.EMPORIUM_AMQP_URL)
        ? { amqpUrl: (e[`${p}AMQP_URL`] ?? e.EMPORIUM_AMQP_URL) as string }
        : {}),
    }));
  return loadConfig(schema, env);
}

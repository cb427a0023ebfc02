import { z } from "zod";
import { envField, loadConfig } from "../config/load-config";

/** How the kit treats calls to one upstream (another service, a subgraph, the identity provider, the broker). */
export interface UpstreamPolicyConfig {
  /** The deadline of a call that brings none; a call made while handling a request gets at most what is left of it. */
  timeoutMs: number;
  /** How long opening a connection (TCP + HTTP/2 session, a pooled database connection) may take. */
  connectTimeoutMs: number;
  /** Attempts in all, the first included (1 = never retry). Only idempotent methods get more than one. */
  retryMaxAttempts: number;
  /** The first backoff's upper bound; each next one doubles, up to retryMaxDelayMs (full jitter: 0..bound). */
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Consecutive unhealthy failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, transport) that open the breaker. */
  breakerThreshold: number;
  /** How long an open breaker refuses every call before it lets exactly one trial through (half-open). */
  breakerHalfOpenAfterMs: number;
  /** Calls in flight to the upstream at once, from this process. */
  bulkheadConcurrency: number;
  /** Calls that may wait for a slot; one more is refused at once. */
  bulkheadQueue: number;
}

/** The defaults of every upstream; the one place they live (docs/conventions.md "Resilience policies"). */
export const DEFAULT_UPSTREAM_POLICY: Readonly<UpstreamPolicyConfig> = Object.freeze({
  timeoutMs: 5_000,
  connectTimeoutMs: 2_000,
  retryMaxAttempts: 3,
  retryInitialDelayMs: 50,
  retryMaxDelayMs: 1_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 5_000,
  bulkheadConcurrency: 64,
  bulkheadQueue: 128,
});

/** Each setting's environment variable after `EMPORIUM_UPSTREAM_<NAME>_`: `EMPORIUM_UPSTREAM_CATALOG_BREAKER_THRESHOLD`. */
export const UPSTREAM_POLICY_VARIABLES: Readonly<Record<keyof UpstreamPolicyConfig, string>> = Object.freeze({
  timeoutMs: "TIMEOUT_MS",
  connectTimeoutMs: "CONNECT_TIMEOUT_MS",
  retryMaxAttempts: "RETRY_MAX_ATTEMPTS",
  retryInitialDelayMs: "RETRY_INITIAL_DELAY_MS",
  retryMaxDelayMs: "RETRY_MAX_DELAY_MS",
  breakerThreshold: "BREAKER_THRESHOLD",
  breakerHalfOpenAfterMs: "BREAKER_HALF_OPEN_AFTER_MS",
  bulkheadConcurrency: "BULKHEAD_CONCURRENCY",
  bulkheadQueue: "BULKHEAD_QUEUE",
});

const SETTINGS = Object.keys(UPSTREAM_POLICY_VARIABLES) as (keyof UpstreamPolicyConfig)[];

/** `EMPORIUM_UPSTREAM_CATALOG_` for "catalog", `EMPORIUM_UPSTREAM_IDENTITY_PROVIDER_` for "identity-provider". */
export function upstreamVariablePrefix(upstream: string): string {
  return `EMPORIUM_UPSTREAM_${upstream.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_`;
}

/**
 * One upstream's policy: DEFAULT_UPSTREAM_POLICY, each setting overridable by
 * `EMPORIUM_UPSTREAM_<NAME>_<SETTING>` (a positive integer; BULKHEAD_QUEUE may be 0). A bad value
 * stops the process at startup with a ConfigError naming the variable.
 */
export function upstreamPolicyFromEnv(
  upstream: string,
  env: NodeJS.ProcessEnv = process.env,
  defaults: Readonly<UpstreamPolicyConfig> = DEFAULT_UPSTREAM_POLICY,
): Readonly<UpstreamPolicyConfig> {
  const variable = (setting: keyof UpstreamPolicyConfig) =>
    `${upstreamVariablePrefix(upstream)}${UPSTREAM_POLICY_VARIABLES[setting]}`;
  const field = (setting: keyof UpstreamPolicyConfig) =>
    setting === "bulkheadQueue"
      ? z.coerce.number().int().min(0).default(defaults[setting])
      : envField.positiveInt(defaults[setting]);
  const schema = z
    .object(Object.fromEntries(SETTINGS.map((setting) => [variable(setting), field(setting)])))
    .transform((e) => Object.fromEntries(SETTINGS.map((setting) => [setting, e[variable(setting)] as number])));
  return loadConfig(schema, env) as unknown as Readonly<UpstreamPolicyConfig>;
}

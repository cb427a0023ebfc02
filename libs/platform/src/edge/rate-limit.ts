import { Code, ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Counter, Registry } from "prom-client";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import { RATE_LIMIT_VARIABLES } from "@emporium/registry";
import type { Principal } from "../auth/principal";
import { ALWAYS_PUBLIC, principalKey } from "../auth/rpc-auth-interceptor";
import { envField, loadConfig } from "../config/load-config";

/** Where a budget is spent: the public GraphQL endpoints (in cost points) or a service's RPCs (in calls). */
export type RateLimitedEndpoint = "gateway" | "bff" | "rpc";

/**
 * How much one caller may ask of one process per window. A person is keyed by the client and the
 * subject of their token (`azp` + `sub`), so one noisy user cannot starve everyone signed in through
 * the same app; a service client by its `azp`; a caller without a token by its remote address.
 * Budgets are per instance (memory store): N instances behind a balancer admit up to N times as much.
 */
export interface RateLimits {
  /** The window, in seconds; a budget refills whole when its window ends. */
  windowSeconds: number;
  /** A person's budget per window (GraphQL: cost points; RPC: calls). */
  user: number;
  /** A service client's budget per window. */
  service: number;
  /** The budget per window of each remote address that sends no token. */
  anonymous: number;
}

/**
 * The budgets every process runs with unless its environment says otherwise (rateLimitsFromEnv).
 * GraphQL budgets are cost points (graphqlEdge's `req.graphqlCost`, 1 when a request has none): at
 * least five requests at the largest cost DEFAULT_GRAPHQL_LIMITS admit fit in every budget, and a
 * flood (hundreds of requests a second) spends one within seconds. A service client stands for many
 * people (a BFF's own token carries every guest's catalog reads), hence its larger budget; it guards
 * against runaway loops, not against people. RPC budgets count calls.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitedEndpoint, Readonly<RateLimits>>> = Object.freeze({
  gateway: Object.freeze({ windowSeconds: 60, user: 200_000, service: 2_000_000, anonymous: 100_000 }),
  bff: Object.freeze({ windowSeconds: 60, user: 200_000, service: 2_000_000, anonymous: 100_000 }),
  rpc: Object.freeze({ windowSeconds: 60, user: 6_000, service: 600_000, anonymous: 60_000 }),
});

const BUDGETS = Object.keys(RATE_LIMIT_VARIABLES) as Array<keyof RateLimits>;

/**
 * A process's budgets: `<prefix>RATE_LIMIT_WINDOW_SECONDS`, `…_USER`, `…_SERVICE`, `…_ANONYMOUS`
 * (the registry's rateLimitPrefix: `EMPORIUM_GATEWAY_`, `EMPORIUM_BFF_WEB_`, or a service's
 * `EMPORIUM_CATALOG_RPC_`), each defaulting to DEFAULT_RATE_LIMITS of its endpoint kind. Stacks built
 * to be loaded set the registry's loadTestRateLimitEnv instead.
 */
export function rateLimitsFromEnv(
  endpoint: RateLimitedEndpoint,
  prefix: string,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<RateLimits> {
  const defaults = DEFAULT_RATE_LIMITS[endpoint];
  const variable = (budget: keyof RateLimits) => `${prefix}${RATE_LIMIT_VARIABLES[budget]}`;
  const schema = z
    .object(Object.fromEntries(BUDGETS.map((budget) => [variable(budget), envField.positiveInt(defaults[budget])])))
    .transform((e) => Object.fromEntries(BUDGETS.map((budget) => [budget, e[variable(budget)] as number])));
  return loadConfig(schema, env) as Readonly<RateLimits>;
}

/** Whose budget a request spends: the metric's label, and the key within that kind. */
export interface RateLimitKey {
  kind: "user" | "service" | "anonymous";
  key: string;
}

/** azp + sub for a person, azp for a service client, the remote address without a token. */
export function rateLimitKeyOf(principal: Principal | undefined, remoteAddress: string | undefined): RateLimitKey {
  if (!principal) return { kind: "anonymous", key: remoteAddress ?? "unknown" };
  if (principal.kind === "service") return { kind: "service", key: principal.clientId };
  return { kind: "user", key: `${principal.clientId}:${principal.subject}` };
}

const CALLER_NAMES: Readonly<Record<RateLimitKey["kind"], string>> = {
  user: "person",
  service: "service client",
  anonymous: "address",
};

/** A refusal: how long until the caller's budget refills. */
export interface RateLimitRefusal {
  retryAfterSeconds: number;
  message: string;
}

/**
 * One budget per caller kind, in memory (rate-limiter-flexible). `spend` resolves to a refusal when
 * the caller has not enough left; the refused points are not spent, so a caller that backs off for
 * Retry-After seconds gets its whole budget back.
 */
export class RateLimiter {
  private readonly limiters: Record<RateLimitKey["kind"], RateLimiterMemory>;
  private readonly refused: Counter<"endpoint" | "caller">;

  constructor(
    readonly endpoint: RateLimitedEndpoint,
    readonly limits: Readonly<RateLimits>,
    registry?: Registry,
  ) {
    const limiter = (kind: RateLimitKey["kind"]) =>
      new RateLimiterMemory({ keyPrefix: kind, points: limits[kind], duration: limits.windowSeconds });
    this.limiters = { user: limiter("user"), service: limiter("service"), anonymous: limiter("anonymous") };
    this.refused = refusalCounter(registry ?? new Registry());
  }

  async spend(caller: RateLimitKey, points: number): Promise<RateLimitRefusal | undefined> {
    const budget = this.limits[caller.kind];
    // A request may cost more than a budget only if the budgets are set below the largest allowed
    // cost; it then gets a whole window to itself rather than never running.
    const cost = Math.min(Math.max(1, Math.ceil(points)), budget);
    try {
      await this.limiters[caller.kind].consume(caller.key, cost);
      return undefined;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      this.refused.inc({ endpoint: this.endpoint, caller: caller.kind });
      await this.limiters[caller.kind].reward(caller.key, cost);
      const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      const left = Math.max(0, budget - (err.consumedPoints - cost));
      const unit = this.endpoint === "rpc" ? "calls" : "cost points";
      return {
        retryAfterSeconds,
        message:
          `too many requests: this ${CALLER_NAMES[caller.kind]} may spend ${budget} ${unit} per ` +
          `${this.limits.windowSeconds} s here; this request costs ${cost} and ${left} ${left === 1 ? "is" : "are"} ` +
          `left; retry in ${retryAfterSeconds} s`,
      };
    }
  }
}

/** `rate_limited_total{endpoint, caller}`: requests refused for want of budget. */
function refusalCounter(registry: Registry): Counter<"endpoint" | "caller"> {
  const existing = registry.getSingleMetric("rate_limited_total");
  if (existing) return existing as Counter<"endpoint" | "caller">;
  return new Counter({
    name: "rate_limited_total",
    help: "Requests refused because the caller spent its rate-limit budget",
    labelNames: ["endpoint", "caller"],
    registers: [registry],
  });
}

declare module "fastify" {
  interface FastifyRequest {
    /** The request's cost, as the edge policy computed it (graphqlEdge); a rate limit spends it. */
    graphqlCost?: number;
  }
}

export interface GraphqlRateLimitOptions {
  endpoint: Exclude<RateLimitedEndpoint, "rpc">;
  limits: Readonly<RateLimits>;
  /** Where `rate_limited_total` is counted (the process's /metrics registry). */
  registry?: Registry;
}

/**
 * The rate limit of a public GraphQL endpoint (gateway, BFFs). Register it inside the /graphql
 * context after verifyBearerTokens and graphqlEdge: the caller is known and the request's cost is
 * computed (`req.graphqlCost`, 1 when absent) before anything executes. Over budget: 429 with
 * Retry-After and a GraphQL-shaped RATE_LIMITED error; nothing runs.
 */
export const graphqlRateLimit = fp<GraphqlRateLimitOptions>(async (app, options) => {
  const limiter = new RateLimiter(options.endpoint, options.limits, options.registry);
  app.addHook("preHandler", async (req: FastifyRequest, reply) => {
    const refusal = await limiter.spend(rateLimitKeyOf(req.principal, req.ip), req.graphqlCost ?? 1);
    if (!refusal) return;
    return reply
      .code(429)
      .header("retry-after", String(refusal.retryAfterSeconds))
      .send({
        errors: [
          {
            message: refusal.message,
            extensions: { code: "RATE_LIMITED", requestId: req.id, retryAfterSeconds: refusal.retryAfterSeconds },
          },
        ],
      });
  });
});

/** The caller's remote address, for the RPC layer's anonymous budgets (set by the service host). */
export const remoteAddressKey = createContextKey<string | undefined>(undefined, { description: "remote address" });

/**
 * The RPC layer's rate limit, after authentication (it reads the verified principal): one call
 * spends one from the budget of the forwarded person (`azp` + `sub`), the calling service (`azp`)
 * or the remote address. Over budget: RESOURCE_EXHAUSTED with a `retry-after` header (seconds).
 */
export function rpcRateLimitInterceptor(limits: Readonly<RateLimits>, registry?: Registry): Interceptor {
  const limiter = new RateLimiter("rpc", limits, registry);
  return (next) => async (req) => {
    // Probes and tools: the health and reflection services are never limited.
    if (ALWAYS_PUBLIC.includes(req.service.typeName)) return next(req);
    const caller = rateLimitKeyOf(req.contextValues.get(principalKey), req.contextValues.get(remoteAddressKey));
    const refusal = await limiter.spend(caller, 1);
    if (refusal)
      throw new ConnectError(
        refusal.message,
        Code.ResourceExhausted,
        new Headers({ "retry-after": String(refusal.retryAfterSeconds) }),
      );
    return next(req);
  };
}

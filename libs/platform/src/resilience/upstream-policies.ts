import type { Logger } from "pino";
import { Counter, Gauge, type Registry } from "prom-client";
import type { HealthCheck } from "../health/health-monitor";
import { upstreamPolicyFromEnv } from "./upstream-policy-config";
import {
  BREAKER_STATE_VALUES,
  createUpstreamPolicy,
  type RejectionReason,
  type UpstreamFailureKinds,
  type UpstreamPolicy,
} from "./upstream-policy";

/**
 * The process's upstream policies, one per upstream, created on first use with its configuration from
 * the environment. Every client of an upstream in the process shares its breaker and bulkhead.
 */
export class UpstreamPolicies {
  private readonly policies = new Map<string, UpstreamPolicy>();
  private logger: Logger | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** The policy of `upstream` ("catalog"), made with these failure kinds the first time it is asked for. */
  for(upstream: string, failures: UpstreamFailureKinds, displayName?: string): UpstreamPolicy {
    let policy = this.policies.get(upstream);
    if (!policy) {
      policy = createUpstreamPolicy(upstream, {
        config: upstreamPolicyFromEnv(upstream, this.env),
        failures,
        displayName,
        logger: () => this.logger,
      });
      this.policies.set(upstream, policy);
    }
    return policy;
  }

  all(): UpstreamPolicy[] {
    return [...this.policies.values()];
  }

  /** Where breaker transitions are logged; the service host sets its logger at startup. */
  useLogger(logger: Logger): void {
    this.logger = logger;
  }
}

/** The process-wide policies the kit's clients use. */
export const upstreamPolicies = new UpstreamPolicies();

/**
 * `upstream_breaker_state{upstream}` (0 closed, 1 half-open, 2 open),
 * `upstream_rejected_total{upstream,reason}` (breaker_open, bulkhead_full) and
 * `upstream_retries_total{upstream}`, read from the policies at each scrape.
 */
export function registerUpstreamMetrics(registry: Registry, policies: UpstreamPolicies = upstreamPolicies): void {
  new Gauge({
    name: "upstream_breaker_state",
    help: "Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open",
    labelNames: ["upstream"],
    registers: [registry],
    collect() {
      for (const p of policies.all()) this.set({ upstream: p.upstream }, BREAKER_STATE_VALUES[p.breakerState()]);
    },
  });
  // The policies keep the monotonic counts; each scrape copies them into the counters.
  new Counter({
    name: "upstream_rejected_total",
    help: "Calls refused without being sent, per upstream and reason (breaker_open, bulkhead_full)",
    labelNames: ["upstream", "reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of policies.all())
        for (const [reason, n] of Object.entries(p.counts().rejected) as [RejectionReason, number][])
          this.inc({ upstream: p.upstream, reason }, n);
    },
  });
  new Counter({
    name: "upstream_retries_total",
    help: "Retries sent per upstream (idempotent methods, or requests that never left)",
    labelNames: ["upstream"],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of policies.all()) this.inc({ upstream: p.upstream }, p.counts().retries);
    },
  });
}

/**
 * A non-critical health check that shows each breaker's state in the health details: it fails (in
 * the details only, never readiness) while any breaker is not closed, naming them.
 */
export function upstreamBreakersCheck(policies: UpstreamPolicies = upstreamPolicies): HealthCheck {
  return {
    name: "upstream breakers",
    critical: false,
    probe: async () => {
      const notClosed = policies.all().filter((p) => p.breakerState() !== "closed");
      if (notClosed.length > 0) throw new Error(notClosed.map((p) => `${p.upstream}: ${p.breakerState()}`).join(", "));
    },
  };
}

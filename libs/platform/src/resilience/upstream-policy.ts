import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  IsolatedCircuitError,
  retry,
  type GeneratorFn,
} from "cockatiel";
import type { Logger } from "pino";
import { AppError } from "../errors/app-error";
import { DEFAULT_UPSTREAM_POLICY, type UpstreamPolicyConfig } from "./upstream-policy-config";

/** The breaker's state as metrics (`upstream_breaker_state` 0/1/2), health details and logs name it. */
export type BreakerState = "closed" | "half-open" | "open";
/** Why a call was refused without being sent: the `reason` label of `upstream_rejected_total`. */
export type RejectionReason = "breaker_open" | "bulkhead_full";

export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = Object.freeze({
  closed: 0,
  "half-open": 1,
  open: 2,
});

/**
 * A call the policy refused without sending it: the breaker is open (or its one half-open trial is
 * under way) or the bulkhead is full. Always UNAVAILABLE (retry shortly), never RESOURCE_EXHAUSTED:
 * the caller did nothing wrong and asked for nothing too big; the upstream cannot take it now.
 */
export class UpstreamRejectedError extends AppError {
  constructor(
    readonly upstream: string,
    readonly reason: RejectionReason,
    message: string,
  ) {
    super("UNAVAILABLE", message);
    this.name = "UpstreamRejectedError";
  }
}

/** How a transport's failures are read: the Connect reading is `connectFailureKinds`. */
export interface UpstreamFailureKinds {
  /** The upstream is down, slow or shedding load: counts towards the breaker, retried for idempotent methods. */
  unhealthy(err: unknown): boolean;
  /** The request provably never left (connection refused, connect timeout): retried for every method. */
  neverSent(err: unknown): boolean;
}

export interface UpstreamCallOptions {
  /** Sending it twice does no harm (proto idempotency_level NO_SIDE_EFFECTS or IDEMPOTENT). */
  idempotent: boolean;
  /** The call's deadline and cancellation: backoff waits end with it, and no retry starts after it. */
  signal?: AbortSignal;
}

/** One upstream's deadline defaults, retry, breaker and bulkhead, shared by every client of it in the process. */
export interface UpstreamPolicy {
  /** The label in metrics and env keys: "catalog", "identity-provider". */
  readonly upstream: string;
  readonly config: Readonly<UpstreamPolicyConfig>;
  /** Runs `attempt` (once, or again for a retryable failure) under the breaker and the bulkhead. */
  execute<T>(attempt: (signal: AbortSignal) => Promise<T>, options: UpstreamCallOptions): Promise<T>;
  breakerState(): BreakerState;
  /** Counters since the process started: the source of `upstream_rejected_total` and `upstream_retries_total`. */
  counts(): { rejected: Readonly<Record<RejectionReason, number>>; retries: number };
}

export interface UpstreamPolicyOptions {
  config?: Readonly<UpstreamPolicyConfig>;
  failures: UpstreamFailureKinds;
  /** How messages name it: "the catalog service" (default: the upstream label). */
  displayName?: string;
  /** Where breaker transitions are logged (one line each); a function so it can be bound after creation. */
  logger?: () => Logger | undefined;
  /** 0 <= random() < 1 for the jitter; tests inject their own. */
  random?: () => number;
  /** Told of each retry before its backoff wait: which retry (1 = the second attempt) and the wait. */
  onRetry?: (retry: { attempt: number; delayMs: number }) => void;
}

/**
 * An upstream's policy, built on cockatiel. Outermost first: retry (full-jitter exponential backoff,
 * finite attempts; unhealthy failures of idempotent methods, and failures before the request was
 * sent), then the bulkhead (concurrency + queue; full means refused at once), then the breaker
 * (consecutive unhealthy failures open it; while open every call is refused without being sent;
 * half-open lets exactly one trial through and refuses the others until it has answered).
 */
export function createUpstreamPolicy(upstream: string, options: UpstreamPolicyOptions): UpstreamPolicy {
  const config = options.config ?? DEFAULT_UPSTREAM_POLICY;
  const name = options.displayName ?? upstream;
  const random = options.random ?? Math.random;
  const rejected: Record<RejectionReason, number> = { breaker_open: 0, bulkhead_full: 0 };
  let retries = 0;

  const breaker = circuitBreaker(handleWhen(options.failures.unhealthy), {
    halfOpenAfter: config.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(config.breakerThreshold),
  });
  const isolation = bulkhead(config.bulkheadConcurrency, config.bulkheadQueue);
  const backoff = new ExponentialBackoff({
    initialDelay: config.retryInitialDelayMs,
    maxDelay: config.retryMaxDelayMs,
    generator: fullJitter(random),
  });
  logTransitions(breaker, upstream, name, options.logger ?? (() => undefined));

  const refuse = (reason: RejectionReason, message: string): never => {
    rejected[reason]++;
    throw new UpstreamRejectedError(upstream, reason, message);
  };
  const pausedFor = () =>
    refuse("breaker_open", `${name} is failing; calls to it are paused for a few seconds (circuit open)`);

  async function guarded<T>(attempt: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    if (breaker.state === CircuitState.HalfOpen) pausedFor();
    try {
      return await isolation.execute(() => breaker.execute(({ signal: s }) => attempt(s), signal), signal);
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) pausedFor();
      if (err instanceof BulkheadRejectedError)
        refuse("bulkhead_full", `${name} has too many calls in flight from here; retry shortly (bulkhead full)`);
      throw err;
    }
  }

  return {
    upstream,
    config,
    async execute(attempt, callOptions) {
      const signal = callOptions.signal ?? new AbortController().signal;
      const retryable = (err: unknown) =>
        !signal.aborted &&
        !(err instanceof UpstreamRejectedError) &&
        ((callOptions.idempotent && options.failures.unhealthy(err)) || options.failures.neverSent(err));
      const policy = retry(handleWhen(retryable), { maxAttempts: config.retryMaxAttempts - 1, backoff });
      policy.onRetry(({ attempt, delay }) => {
        retries++;
        options.onRetry?.({ attempt, delayMs: delay });
      });
      return policy.execute(() => guarded(attempt, signal), signal);
    },
    breakerState: () => stateName(breaker.state),
    counts: () => ({ rejected: { ...rejected }, retries }),
  };
}

/**
 * Full jitter (AWS, "Exponential Backoff and Jitter"): the n-th wait is uniform in
 * [0, min(maxDelay, initialDelay * 2^n)), so retries of many callers spread out instead of arriving together.
 */
export function fullJitter(random: () => number): GeneratorFn<number> {
  return (attempt = 0, options) => {
    const bound = Math.min(options.maxDelay, options.initialDelay * options.exponent ** attempt);
    return [Math.floor(random() * bound), attempt + 1];
  };
}

function stateName(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return "closed";
  return state === CircuitState.HalfOpen ? "half-open" : "open";
}

/** One log line per transition: warn when it opens, info when it half-opens or closes. */
function logTransitions(
  breaker: ReturnType<typeof circuitBreaker>,
  upstream: string,
  name: string,
  logger: () => Logger | undefined,
): void {
  breaker.onStateChange((state) => {
    const breakerState = stateName(state);
    const log = logger();
    if (!log) return;
    if (breakerState === "open") {
      const last = breaker.lastFailure;
      const cause = last && "error" in last ? (last.error as Error).message : undefined;
      log.warn({ upstream, breaker: breakerState, cause }, `circuit to ${name} opened: calls to it are paused`);
    } else if (breakerState === "half-open") {
      log.info({ upstream, breaker: breakerState }, `circuit to ${name} half-open: one trial call goes through`);
    } else {
      log.info({ upstream, breaker: breakerState }, `circuit to ${name} closed: calls flow again`);
    }
  });
}

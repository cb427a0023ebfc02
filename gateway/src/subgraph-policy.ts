import { GraphQLError } from "graphql";
import {
  outboundDeadline,
  upstreamPolicies,
  UpstreamRejectedError,
  upstreamUnavailable,
  type UpstreamFailureKinds,
  type UpstreamPolicies,
} from "@emporium/platform";

/**
 * What every fetch to one subgraph goes through: the kit's upstream policy of that subgraph
 * (breaker and bulkhead, EMPORIUM_UPSTREAM_<NAME>_*, labelled by the subgraph's name in
 * `upstream_breaker_state` and `upstream_rejected_total`) under the gateway's deadline per fetch.
 */
export interface SubgraphPolicy {
  execute<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** HTTP statuses that mean "not now" (overloaded, restarting, behind a failing proxy), not "no". */
const NOT_NOW = new Set([429, 502, 503, 504]);

/** A subgraph's "not now" answer, thrown inside the policy so the breaker counts it. */
export class SubgraphNotNow extends Error {
  constructor(readonly status: number) {
    super(`subgraph answered ${status}`);
    this.name = "SubgraphNotNow";
  }
}

/** socket errors of a request that never left (undici reports them as the cause of "fetch failed"). */
const NEVER_SENT = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENOTFOUND"]);

/**
 * fetch's own failures, by name (undici's errors may come from another realm than this module's
 * TypeError): no connection or a broken one ("fetch failed"), past the deadline, aborted.
 */
const NO_ANSWER = new Set(["TypeError", "TimeoutError", "AbortError"]);
const nameOf = (err: unknown) => (err as { name?: unknown } | null)?.name;

/** How a subgraph fetch's failures are read: no answer, past the deadline, or "not now" count against it. */
export const subgraphFailureKinds: UpstreamFailureKinds = {
  unhealthy: (err) => err instanceof SubgraphNotNow || NO_ANSWER.has(String(nameOf(err))),
  neverSent: (err) =>
    nameOf(err) === "TypeError" && NEVER_SENT.has(String((err as { cause?: { code?: unknown } }).cause?.code)),
};

/**
 * The policy of one subgraph's fetches: the kit's policy for it (one per subgraph in the process)
 * and a deadline of `timeoutMs` per fetch, its answer's body included (a subgraph that stalls
 * mid-answer is cut off too), shortened to what the caller's budget has left. A fetch is not
 * retried once sent (it may be a mutation); one that never left is.
 */
export function subgraphPolicy(
  subgraph: string,
  options: { timeoutMs: number; policies?: UpstreamPolicies },
): SubgraphPolicy {
  const policy = (options.policies ?? upstreamPolicies).for(subgraph, subgraphFailureKinds, `the ${subgraph} service`);
  return {
    execute(work) {
      const { timeoutMs, signal } = outboundDeadline(options.timeoutMs);
      const deadline = signal
        ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      return policy.execute(() => work(deadline), { idempotent: false, signal: deadline });
    },
  };
}

/** A fetch of a subgraph's answer through its policy, "not now" statuses thrown as SubgraphNotNow. */
export function fetchThrough(policy: SubgraphPolicy): typeof fetch {
  return (input, init) =>
    policy.execute(async (signal) => {
      const res = await fetch(input, { ...init, signal });
      if (!NOT_NOW.has(res.status)) return res;
      await res.body?.cancel();
      throw new SubgraphNotNow(res.status);
    });
}

/**
 * A failed subgraph fetch as the gateway's client sees it. A subgraph that did not answer (down,
 * frozen past the deadline, refused by its breaker or bulkhead) or answered "not now" is
 * UNAVAILABLE, naming it and nothing internal ("fetch failed", "aborted"): the fields it owns or
 * contributes are null and the rest of the page stands. Anything else (an answer such as 401, 403
 * or a 4xx, an answer that is not GraphQL, the gateway's own AppError) is passed on unchanged.
 */
export function subgraphFailure(subgraph: string, err: unknown): unknown {
  if (!didNotAnswer(subgraph, err)) return err;
  const unavailable = upstreamUnavailable(`the ${subgraph} service`);
  return new GraphQLError(unavailable.message, { extensions: { code: unavailable.code, upstream: subgraph } });
}

/** Down, frozen, refused by its own policy, or "not now" after the policy gave up. */
function didNotAnswer(subgraph: string, err: unknown): boolean {
  if (err instanceof UpstreamRejectedError) return err.upstream === subgraph;
  if (err instanceof GraphQLError) {
    const status = (err.extensions.response as { status?: unknown } | undefined)?.status;
    return typeof status === "number" && NOT_NOW.has(status);
  }
  return subgraphFailureKinds.unhealthy(err);
}

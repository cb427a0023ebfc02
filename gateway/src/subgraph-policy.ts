import { GraphQLError } from "graphql";
import { upstreamUnavailable } from "@emporium/platform";

/**
 * What every fetch to one subgraph goes through. The shape is the policy library's
 * (`policy.execute(({ signal }) => …)`), so the breaker and bulkhead of the kit's upstream policy
 * replace the plain deadline here, in `subgraphPolicy`, and nowhere else.
 */
export interface SubgraphPolicy {
  execute<T>(work: (context: { signal: AbortSignal }) => Promise<T>): Promise<T>;
}

/**
 * The policy of one subgraph's fetches: today a deadline per fetch (its answer's body included, so
 * a subgraph that stalls mid-answer is cut off too).
 */
export function subgraphPolicy(_subgraph: string, options: { timeoutMs: number }): SubgraphPolicy {
  return { execute: (work) => work({ signal: AbortSignal.timeout(options.timeoutMs) }) };
}

/** HTTP statuses that mean "not now" (overloaded, restarting, behind a failing proxy), not "no". */
const NOT_NOW = new Set([429, 502, 503, 504]);

/**
 * A failed subgraph fetch as the gateway's client sees it. A subgraph that did not answer (down,
 * frozen past the deadline, refused by the policy) or answered "not now" is UNAVAILABLE, naming it
 * and nothing internal ("fetch failed", "aborted"): the fields it owns or contributes are null and
 * the rest of the page stands. Any other answer (401, 403, a 4xx) is passed on unchanged.
 */
export function subgraphFailure(subgraph: string, err: unknown): unknown {
  const status =
    err instanceof GraphQLError ? (err.extensions.response as { status?: unknown } | undefined)?.status : undefined;
  if (typeof status === "number" && !NOT_NOW.has(status)) return err;
  const unavailable = upstreamUnavailable(`the ${subgraph} service`);
  return new GraphQLError(unavailable.message, { extensions: { code: unavailable.code, upstream: subgraph } });
}

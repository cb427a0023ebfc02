import { Code, ConnectError } from "@connectrpc/connect";
import { AppError } from "../errors/app-error";
import { UpstreamRejectedError } from "../resilience/upstream-policy";

/** Retrying may help: the callee is down, slow or shedding load. */
const TRANSIENT = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.ResourceExhausted]);
/** connect-node reports some refused or reset connections as INTERNAL, with the socket error as the cause. */
const SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);

/**
 * What another service answered, when it was not a transient failure: its code is there for the
 * adapter to decide on (`err.code === Code.NotFound`). It is not a ConnectError, so one that escapes
 * the adapter reaches our caller as INTERNAL (this service's bug), never as the callee's code. The
 * callee's own error (its details, e.g. violations) is the `cause`.
 */
export class UpstreamError extends Error {
  readonly code: Code;
  constructor(
    readonly upstream: string,
    override readonly cause: ConnectError,
  ) {
    super(`${upstream} answered ${Code[cause.code]}: ${cause.rawMessage}`);
    this.name = "UpstreamError";
    this.code = cause.code;
  }
}

/**
 * A failed call to another service, classified once: down, slow or shedding load is UNAVAILABLE
 * with a message a client can act on (retry shortly); anything else is an UpstreamError.
 */
export function upstreamFailure(upstream: string, err: unknown): AppError | UpstreamError {
  const e = ConnectError.from(err);
  // This upstream's own policy refused the call (breaker open, bulkhead full): to the client that is
  // the same as the upstream being down, in the same words, so a page reports it once
  // (oneErrorPerUnavailable) whether its calls failed or were refused; the reason stays on the error.
  if (e.cause instanceof UpstreamRejectedError && upstream === `the ${e.cause.upstream} service`)
    return new UpstreamRejectedError(e.cause.upstream, e.cause.reason, upstreamUnavailable(upstream).message);
  // Raised on our side before the call left (no token from the identity provider): already classified.
  if (!e.isWireError && e.cause instanceof AppError) return e.cause;
  const socketError = (e.cause as { code?: unknown } | undefined)?.code;
  if (TRANSIENT.has(e.code) || SOCKET_ERRORS.has(String(socketError))) return upstreamUnavailable(upstream);
  return new UpstreamError(upstream, e);
}

/**
 * An upstream that is down, slow or refusing work, as every caller tells its client: UNAVAILABLE,
 * naming it ("the reviews service cannot be reached right now; retry shortly"), nothing internal.
 */
export function upstreamUnavailable(upstream: string): AppError {
  return new AppError("UNAVAILABLE", `${upstream} cannot be reached right now; retry shortly`);
}

/** "the catalog service" for emporium.catalog.v1.CatalogService: how messages name a callee. */
export function upstreamName(serviceTypeName: string): string {
  return `the ${upstreamKey(serviceTypeName)} service`;
}

/** "catalog" for emporium.catalog.v1.CatalogService: the callee's label in metrics and env keys. */
export function upstreamKey(serviceTypeName: string): string {
  return serviceTypeName.split(".").at(-3) ?? serviceTypeName;
}

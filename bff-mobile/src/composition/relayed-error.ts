import { Code, ConnectError } from "@connectrpc/connect";
import { AppError, graphqlFieldPath, UpstreamError, violationsOf, type ErrorCode } from "@emporium/platform";

/** The callee's answers a client can act on, as the BFF's own codes; anything else is our bug (INTERNAL). */
const RELAYED: Partial<Record<Code, ErrorCode>> = {
  [Code.InvalidArgument]: "INVALID_ARGUMENT",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DeadlineExceeded]: "UNAVAILABLE",
};

/**
 * A failed call to a service, as the error the BFF answers with: the callee's code and message
 * (written for its callers), its violations with GraphQL field names (`renamed` for the fields this
 * schema names differently). An AppError (the kit's UNAVAILABLE) passes unchanged; anything else is
 * rethrown as it is and reported as INTERNAL, without its message.
 */
export function relayed(err: unknown, renamed: Readonly<Record<string, string>> = {}): never {
  if (err instanceof AppError) throw err;
  const cause = err instanceof UpstreamError ? err.cause : err instanceof ConnectError ? err : undefined;
  const code = cause && RELAYED[cause.code];
  if (!cause || !code) throw err;
  const violations = violationsOf(cause).map((v) => ({ ...v, field: renamed[v.field] ?? graphqlFieldPath(v.field) }));
  const message = code === "UNAVAILABLE" ? "a service cannot be reached right now; retry shortly" : cause.rawMessage;
  throw new AppError(code, message, violations);
}

/** `promise`, its failure relayed: `await call(...).catch(relay)`. */
export const relay = (err: unknown): never => relayed(err);

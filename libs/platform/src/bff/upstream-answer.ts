import { Code } from "@connectrpc/connect";
import { AppError, type ErrorCode } from "../errors/app-error";
import { violationsOf } from "../errors/rpc-error-map";
import { UpstreamError } from "../rpc/upstream-error";
import { graphqlFieldPath } from "../validation/validate-message";

/** A service's answers a BFF passes on to its client: the callee applied the caller's rights. */
const PASSED_ON: Partial<Record<Code, ErrorCode>> = {
  [Code.InvalidArgument]: "INVALID_ARGUMENT",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.Unavailable]: "UNAVAILABLE",
};

/**
 * A service's refusal as the BFF's own error: a BFF stands in for its client, so what the callee
 * told it (NOT_FOUND for another person's order, a price that changed) goes on with the same code
 * and message, its field violations named as the GraphQL input names them (camelCase, or
 * `renamed[protoPath]` where the schema differs: `{ page_token: "after" }`). Anything else is
 * returned unchanged: an AppError is already the BFF's, and a callee's internal failure stays
 * internal (the client sees INTERNAL_SERVER_ERROR and the request id).
 */
export function passedOn(err: unknown, renamed: Readonly<Record<string, string>> = {}): unknown {
  if (!(err instanceof UpstreamError)) return err;
  const code = PASSED_ON[err.code];
  if (!code) return err;
  const violations = violationsOf(err.cause).map((v) => ({
    ...v,
    field: renamed[v.field] ?? graphqlFieldPath(v.field),
  }));
  return new AppError(code, err.cause.rawMessage, violations);
}

/** The call's answer, or its failure passed on (`passedOn`): `await answerOf(orders.getOrder(...))`. */
export async function answerOf<T>(call: Promise<T>, renamed: Readonly<Record<string, string>> = {}): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw passedOn(err, renamed);
  }
}

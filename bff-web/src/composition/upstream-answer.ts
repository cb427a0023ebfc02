import { Code, ConnectError } from "@connectrpc/connect";
import { AppError, graphqlFieldPath, UpstreamError, violationsOf, type ErrorCode } from "@emporium/platform";

/** The callee's answers a web client can act on, under the code the BFF gives them. */
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
  [Code.DeadlineExceeded]: "UNAVAILABLE",
};

/**
 * A service's answer as the web client sees it. A BFF stands in for the client, so what the callee
 * told it (NOT_FOUND for another person's order, a price that changed, a refused token) is passed on
 * with the same code, message and violations, the violations named as the GraphQL input names them
 * (`renamed` where the input differs: `{ page_token: "after" }`). An internal error of the callee
 * stays internal: the client learns only the request id.
 */
export async function answerOf<T>(call: Promise<T>, renamed: Readonly<Record<string, string>> = {}): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw passedOn(err, renamed);
  }
}

export function passedOn(err: unknown, renamed: Readonly<Record<string, string>> = {}): unknown {
  if (err instanceof AppError) return err;
  const answer = err instanceof UpstreamError ? err.cause : err instanceof ConnectError ? err : undefined;
  if (!answer) return err;
  const code = PASSED_ON[answer.code];
  if (!code) return err;
  if (code === "UNAVAILABLE") return new AppError(code, "a service cannot be reached right now; retry shortly");
  const violations = violationsOf(answer).map((v) => ({
    ...v,
    field: renamed[v.field] ?? graphqlFieldPath(v.field),
  }));
  return new AppError(code, answer.rawMessage, violations);
}

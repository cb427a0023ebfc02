/**
 * The one error type of application and domain code. It names what went wrong in transport-neutral
 * terms; adapters map it once to a Connect code (rpc-error-map.ts) or a GraphQL error
 * (graphql-error-format.ts). Anything that is not an AppError is an internal error and its message
 * never leaves the process.
 */
export type ErrorCode =
  | "INVALID_ARGUMENT"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "FAILED_PRECONDITION"
  | "ABORTED"
  | "PERMISSION_DENIED"
  | "UNAUTHENTICATED"
  | "RESOURCE_EXHAUSTED"
  | "UNAVAILABLE";

/** One broken rule of one input field; `field` is a path such as `skus[0].price`. */
export interface FieldViolation {
  field: string;
  ruleId: string;
  message: string;
}

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly violations: readonly FieldViolation[] = [],
  ) {
    super(message);
  }
}

export const notFound = (kind: string, id: string) =>
  new AppError("NOT_FOUND", `${kind} ${JSON.stringify(id)} does not exist`);

export const invalidArgument = (violations: FieldViolation[]) =>
  new AppError("INVALID_ARGUMENT", violations.map((v) => `${v.field}: ${v.message}`).join("; "), violations);

export const aborted = (message: string) => new AppError("ABORTED", message);

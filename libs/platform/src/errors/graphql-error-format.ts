import { GraphQLError } from "graphql";
import type { ErrorCode, FieldViolation } from "./app-error";
import { applicationErrorOf } from "./database-unavailable";

/** GraphQL `extensions.code` for each application error code (Apollo's names where they exist). */
const graphqlCodes: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  ALREADY_EXISTS: "ALREADY_EXISTS",
  FAILED_PRECONDITION: "FAILED_PRECONDITION",
  ABORTED: "ABORTED",
  PERMISSION_DENIED: "FORBIDDEN",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  RESOURCE_EXHAUSTED: "RESOURCE_EXHAUSTED",
  UNAVAILABLE: "UNAVAILABLE",
};

export interface GraphqlErrorBody {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code: string; requestId: string; violations?: readonly FieldViolation[] };
}

/**
 * Shapes one GraphQL error for the wire: application errors keep message and code (a lost database
 * connection is UNAVAILABLE), parse and
 * validation errors of the query keep their message, anything else is reported as an internal
 * error with the request id only. Stack traces never leave the process.
 */
export function formatGraphqlError(err: GraphQLError, requestId: string): GraphqlErrorBody {
  const base = { locations: err.locations, path: err.path };
  const original = err.originalError;
  const appError = applicationErrorOf(original);
  if (appError) {
    const extensions = {
      code: graphqlCodes[appError.code],
      requestId,
      ...(appError.violations.length ? { violations: appError.violations } : {}),
    };
    return { message: appError.message, ...base, extensions };
  }
  if (!original) {
    const code = typeof err.extensions?.code === "string" ? err.extensions.code : "GRAPHQL_VALIDATION_FAILED";
    return { message: err.message, ...base, extensions: { code, requestId } };
  }
  if (original instanceof GraphQLError) return formatGraphqlError(original, requestId);
  return {
    message: `internal error (request id ${requestId})`,
    ...base,
    extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
  };
}

import { GraphQLError, type ExecutionResult } from "graphql";
import { AppError } from "../errors/app-error";
import { formatGraphqlError, type GraphqlErrorBody } from "../errors/graphql-error-format";
import { UpstreamError } from "../rpc/upstream-error";
import { oneErrorPerUnavailable } from "./degradation";
import { PersistedDocumentError } from "./persisted-documents";
import { passedOn } from "./upstream-answer";

interface Logged {
  error(o: object, m: string): void;
}

/** One error of the request itself (it never ran): parse, validation or variables, as Apollo codes them. */
function requestError(err: Error, requestId: string): GraphqlErrorBody {
  const located = err instanceof GraphQLError && err.locations ? { locations: err.locations } : {};
  const code =
    err instanceof PersistedDocumentError
      ? err.code
      : err.message.startsWith("Syntax Error")
        ? "GRAPHQL_PARSE_FAILED"
        : /^Variable "\$\w+" (got|of)/.test(err.message)
          ? "BAD_USER_INPUT"
          : err instanceof GraphQLError
            ? "GRAPHQL_VALIDATION_FAILED"
            : "BAD_REQUEST";
  return { message: err.message, ...located, extensions: { code, requestId } };
}

/** One error of a resolver or loader: coded, the services' refusals passed on, nothing internal shown. */
function executionError(err: GraphQLError, requestId: string, log?: Logged): GraphqlErrorBody {
  const original = err.originalError;
  if (original instanceof UpstreamError) {
    const passed = passedOn(original);
    if (passed instanceof AppError) {
      const body = formatGraphqlError(new GraphQLError(passed.message, { originalError: passed }), requestId);
      return { ...body, locations: err.locations, path: err.path };
    }
  }
  if (!original)
    return {
      message: err.message,
      locations: err.locations,
      path: err.path,
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
    };
  if (!(original instanceof AppError) && !(original instanceof GraphQLError))
    log?.error({ err: original, requestId, path: err.path }, "unexpected error in a resolver");
  return formatGraphqlError(err, requestId);
}

/**
 * The errors of one operation over WebSocket, formatted as over HTTP: errors of the request itself
 * (no path, nothing thrown by the graph: parse, validation, variables) coded as the gateway does,
 * errors the host coded itself (a limit) kept, resolver and stream errors coded like any resolver's.
 */
export function formatOperationErrors(
  errors: readonly GraphQLError[],
  requestId: string,
  log?: Logged,
): GraphqlErrorBody[] {
  const formatted = errors.map((e) => {
    if (e.originalError instanceof PersistedDocumentError) return requestError(e.originalError, requestId);
    const ranNothing = !e.path && (!e.originalError || e.originalError instanceof GraphQLError);
    if (!ranNothing) return executionError(e, requestId, log);
    const code = e.extensions?.code;
    if (typeof code === "string" && !e.originalError)
      return { message: e.message, extensions: { ...e.extensions, code, requestId } };
    return requestError(e, requestId);
  });
  return oneErrorPerUnavailable(formatted);
}

/**
 * mercurius' errorFormatter for a BFF. A request that cannot run (unparsable, invalid, bad
 * variables) is 400 with every problem coded; errors of resolvers leave beside the data the others
 * produced (partial data), 200, an unavailable service once however many fields it left null
 * (`oneErrorPerUnavailable`). Every error carries extensions.code and the request id; no stack
 * trace or internal message ever leaves.
 */
export function bffErrorFormatter(
  execution: ExecutionResult,
  ctx: unknown,
): { statusCode: number; response: { data: ExecutionResult["data"]; errors: GraphqlErrorBody[] } } {
  const request = (ctx as { reply?: { request?: { id?: string; log?: Logged } } }).reply?.request;
  const requestId = request?.id ?? "unknown";
  let statusCode = 200;
  const errors = (execution.errors ?? []).flatMap((e) => {
    // mercurius wraps what stops a request before it runs in one error whose originalError.errors
    // lists it; a malformed HTTP request (no query, bad JSON, CSRF) is an error with a 4xx status.
    const original = e.originalError as { errors?: unknown; statusCode?: unknown } | undefined;
    if (Array.isArray(original?.errors)) {
      statusCode = 400;
      return (original.errors as Error[]).map((i) => requestError(i, requestId));
    }
    if (typeof original?.statusCode === "number" && original.statusCode >= 400 && original.statusCode < 500) {
      statusCode = original.statusCode;
      return [requestError(original as Error, requestId)];
    }
    return [executionError(e, requestId, request?.log)];
  });
  return { statusCode, response: { data: execution.data ?? null, errors: oneErrorPerUnavailable(errors) } };
}

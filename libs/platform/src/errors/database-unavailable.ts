import { AppError } from "./app-error";

/**
 * SQLSTATEs that mean "this connection (or the server) is going away", not "this statement is
 * wrong": class 08 (connection exception) and the operator-intervention codes a restart sends.
 */
const CONNECTION_SQLSTATE_CLASS = "08";
const SHUTDOWN_SQLSTATES = new Set([
  "57P01", // admin_shutdown: the server is stopping (pg_ctl stop/restart -m fast)
  "57P02", // crash_shutdown: another backend crashed, the server resets
  "57P03", // cannot_connect_now: the server is starting up or shutting down
]);
/** Socket errors of a connection that was refused, cut or timed out. */
const SOCKET_ERRNOS = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ENOTCONN",
  "EHOSTUNREACH",
]);
/** node-postgres reports these without a code. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/, // "... unexpectedly", "... due to connection timeout"
  /^timeout exceeded when trying to connect/, // pg-pool: no connection within connectionTimeoutMillis
  /^Client has encountered a connection error and is not queryable/,
  /^Query read timeout/, // query_timeout: the server never answered
];

/** True when `err` says the database connection was lost or could not be made (not a bad statement). */
export function isDatabaseConnectionError(err: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (e.g. under Jest).
  if (typeof err !== "object" || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  // Connecting to a name with several addresses fails with an AggregateError of one error each.
  if (Array.isArray(errors) && errors.some(isDatabaseConnectionError)) return true;
  if (typeof code === "string") {
    if (SOCKET_ERRNOS.has(code) || SHUTDOWN_SQLSTATES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && code.startsWith(CONNECTION_SQLSTATE_CLASS)) return true;
  }
  return typeof message === "string" && CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

export const DATABASE_UNAVAILABLE_MESSAGE = "the database is unavailable; retry shortly";

/**
 * The AppError a caller sees for `err`, if it has one: AppErrors as they are, a lost or refused
 * database connection as UNAVAILABLE (the request may be retried once the database is back).
 * Anything else has none and is an internal error. Both error adapters go through here.
 */
export function applicationErrorOf(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDatabaseConnectionError(err)) return new AppError("UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE);
  return undefined;
}

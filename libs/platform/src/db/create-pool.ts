import pg from "pg";
import type { Logger } from "pino";
import { isDatabaseConnectionError } from "../errors/database-unavailable";
import { currentCallBudget } from "../resilience/call-budget";
import { DEFAULT_UPSTREAM_POLICY } from "../resilience/upstream-policy-config";

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/**
 * A pg pool with a deadline on everything: connecting, each statement (server side) and each query
 * (client side, in case the server never answers).
 *
 * Every client the pool makes gets an 'error' listener for its whole life. pg-pool listens only
 * while a client is idle; a checked-out client whose connection dies (a database restart) would
 * otherwise emit an unhandled 'error' and take the process down. With the listener the loss is
 * logged, the client's next query fails, and the pool replaces the client once it is released.
 */
export function createPool(
  databaseUrl: string,
  options: { logger: Logger; statementTimeoutMs: number; max?: number; applicationName?: string },
): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    // Acquiring a connection gives up like any other connection attempt (docs/conventions.md "Resilience policies").
    connectionTimeoutMillis: DEFAULT_UPSTREAM_POLICY.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + 1_000,
    application_name: options.applicationName,
  });
  pool.on("connect", (client) => {
    client.on("error", (err) =>
      options.logger.warn({ err: err.message }, "database connection lost; the pool replaces it"),
    );
  });
  // Idle clients that fail are dropped by the pool; the listener above has logged them already.
  pool.on("error", () => undefined);
  return pool;
}

/** Gives a standalone client (not from a pool) the listener createPool gives its clients. */
export function newDatabaseClient(
  config: pg.ClientConfig,
  onConnectionLost: (err: Error) => void = () => undefined,
): pg.Client {
  const client = new pg.Client(config);
  client.on("error", onConnectionLost);
  return client;
}

/**
 * Hands a client back after its unit of work failed. A client whose connection is gone (or that
 * cannot even roll back) is destroyed, never returned to the pool for the next caller to trip on.
 */
export async function releaseAfterFailure(client: PoolClient, err: unknown): Promise<void> {
  const rolledBack =
    !isDatabaseConnectionError(err) &&
    (await client.query("ROLLBACK").then(
      () => true,
      () => false,
    ));
  client.release(rolledBack ? undefined : err instanceof Error ? err : true);
}

/** Raised inside inTransaction when the connection was lost before COMMIT was sent. */
class LostBeforeCommit extends Error {
  constructor(readonly lost: unknown) {
    super("database connection lost before commit");
  }
}

/**
 * Runs `work` in one transaction; rolls back on any error, so a failed command writes nothing.
 *
 * A transaction whose connection is lost before COMMIT is sent runs once more on a fresh
 * connection. That is safe: the server rolled the first attempt back, so nothing of it is
 * committed, and `work` only talks to the database through `client`. It is what a caller would
 * do anyway and spares it an error when a restart cut a connection the pool still held. A loss
 * during or after COMMIT is not retried (the commit may have happened), nor is a failure to
 * connect at all (the server is down: the caller gets UNAVAILABLE at once).
 *
 * Inside a request with a deadline (an RPC whose caller sent one), the transaction's statements get
 * what is left of it as their statement timeout (`SET LOCAL`, sent with BEGIN): when the caller gives
 * up, the server cancels the work (SQLSTATE 57014) instead of finishing it for nobody.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  try {
    return await transactionAttempt(pool, work);
  } catch (err) {
    if (!(err instanceof LostBeforeCommit)) throw err;
    try {
      return await transactionAttempt(pool, work);
    } catch (again) {
      throw again instanceof LostBeforeCommit ? again.lost : again;
    }
  }
}

/** BEGIN; within a request's budget also a statement timeout no longer than what is left of it. */
function beginWithinBudget(pool: Pool): string {
  const deadline = currentCallBudget()?.deadline;
  if (deadline === undefined) return "BEGIN";
  const configured = (pool.options as { statement_timeout?: number }).statement_timeout ?? Number.POSITIVE_INFINITY;
  const left = Math.min(configured, Math.max(1, Math.floor(deadline - Date.now())));
  return `BEGIN; SET LOCAL statement_timeout = ${left}`;
}

async function transactionAttempt<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let commitSent = false;
  try {
    await client.query(beginWithinBudget(pool));
    const result = await work(client);
    commitSent = true;
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (err) {
    await releaseAfterFailure(client, err);
    if (!commitSent && isDatabaseConnectionError(err)) throw new LostBeforeCommit(err);
    throw err;
  }
}

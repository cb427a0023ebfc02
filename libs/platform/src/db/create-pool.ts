import pg from "pg";
import type { Logger } from "pino";

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/**
 * A pg pool with a deadline on everything: connecting, each statement (server side) and each query
 * (client side, in case the server never answers). Idle-client errors are logged, not fatal.
 */
export function createPool(databaseUrl: string, options: { logger: Logger; statementTimeoutMs: number; max?: number; applicationName?: string }): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + 1_000,
    application_name: options.applicationName,
  });
  pool.on("error", (err) => options.logger.warn({ err: err.message }, "idle database client failed"));
  return pool;
}

/** Runs `work` in one transaction; rolls back on any error, so a failed command writes nothing. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

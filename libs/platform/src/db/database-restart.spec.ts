import { Code } from "@connectrpc/connect";
import { startTestPostgres, type TestPostgres } from "@emporium/testing";
import { GraphQLError } from "graphql";
import pino from "pino";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../errors/database-unavailable";
import { formatGraphqlError } from "../errors/graphql-error-format";
import { toConnectError } from "../errors/rpc-error-map";
import { createPool, inTransaction, type Pool } from "./create-pool";

/** What callers see for a failure: the Connect error and the GraphQL error a service would send. */
async function callerViewOf(work: Promise<unknown>) {
  const err = await work.then(
    () => {
      throw new Error("expected the database work to fail");
    },
    (e: unknown) => e,
  );
  const rpc = toConnectError(err, "req-1");
  const graphql = formatGraphqlError(new GraphQLError("x", { originalError: err as Error }), "req-1");
  return {
    code: rpc.code,
    message: rpc.rawMessage,
    graphqlCode: graphql.extensions.code,
    graphqlMessage: graphql.message,
  };
}

const unavailable = {
  code: Code.Unavailable,
  message: DATABASE_UNAVAILABLE_MESSAGE,
  graphqlCode: "UNAVAILABLE",
  graphqlMessage: DATABASE_UNAVAILABLE_MESSAGE,
};

/**
 * A pool on a throwaway PostgreSQL of this file's own, stopped and started under it (fast mode,
 * as `pg_ctl restart -m fast` does): work in flight fails as UNAVAILABLE, nothing crashes, and the
 * same pool serves again once the server is back.
 */
describe("a pool across a database restart", () => {
  let server: TestPostgres;
  let pool: Pool;
  const warnings: string[] = [];

  beforeAll(async () => {
    server = await startTestPostgres();
    const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(JSON.parse(line).msg) });
    pool = createPool(server.adminUrl, { logger, statementTimeoutMs: 10_000 });
    await pool.query("CREATE TABLE orders_placed (attempt int NOT NULL)");
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  beforeEach(() => pool.query("TRUNCATE orders_placed"));

  it("fails a transaction whose server stops under it with UNAVAILABLE, and serves again once it is back", async () => {
    let inside!: () => void;
    const insideTransaction = new Promise<void>((resolve) => (inside = resolve));
    let carryOn!: () => void;
    const serverStopped = new Promise<void>((resolve) => (carryOn = resolve));
    const transaction = inTransaction(pool, async (tx) => {
      await tx.query("INSERT INTO orders_placed VALUES (1)");
      inside();
      await serverStopped;
      await tx.query("INSERT INTO orders_placed VALUES (2)");
    });
    await insideTransaction;
    // The checked-out client's connection dies here; without a listener that is a process crash.
    await server.stopServer();
    carryOn();

    expect(await callerViewOf(transaction)).toEqual(unavailable);
    expect(warnings).toContain("database connection lost; the pool replaces it");
    expect(pool.totalCount).toBe(0);
    expect(await callerViewOf(pool.query("SELECT 1"))).toEqual(unavailable);
    expect(await callerViewOf(inTransaction(pool, (tx) => tx.query("SELECT 1")))).toEqual(unavailable);

    await server.startServer();
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await inTransaction(pool, (tx) => tx.query("INSERT INTO orders_placed VALUES (3)"));
    // The interrupted transaction left nothing behind.
    expect((await pool.query("SELECT attempt FROM orders_placed")).rows).toEqual([{ attempt: 3 }]);
  }, 60_000);

  it("runs a transaction whose connection was cut before COMMIT once more on a fresh one, committing it once", async () => {
    const attempts: number[] = [];
    const result = await inTransaction(pool, async (tx) => {
      attempts.push(attempts.length + 1);
      if (attempts.length === 1) {
        const { rows } = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        // Waits until the backend is gone, so the next statement meets a dead connection.
        await pool.query("SELECT pg_terminate_backend($1, 5000)", [rows[0]!.pid]);
      }
      await tx.query("INSERT INTO orders_placed VALUES ($1)", [attempts.length]);
      return attempts.length;
    });
    expect(result).toBe(2);
    expect(attempts).toEqual([1, 2]);
    expect((await pool.query("SELECT attempt FROM orders_placed")).rows).toEqual([{ attempt: 2 }]);
  });

  it("does not run a transaction again when its work failed for another reason", async () => {
    let calls = 0;
    const failing = inTransaction(pool, async (tx) => {
      calls++;
      await tx.query("INSERT INTO orders_placed VALUES (1)");
      await tx.query("SELECT * FROM no_such_table");
    });
    await expect(failing).rejects.toThrow('relation "no_such_table" does not exist');
    expect(calls).toBe(1);
    expect((await pool.query("SELECT count(*)::int AS n FROM orders_placed")).rows).toEqual([{ n: 0 }]);
  });
});

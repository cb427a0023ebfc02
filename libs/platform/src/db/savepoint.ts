import type { PoolClient } from "./create-pool";

/**
 * Runs `work` inside a savepoint of the transaction `client` is in: when it fails, only its own
 * writes are undone and the transaction stays usable (e.g. a command handler records the failure
 * reply after a refused use case, in the inbox transaction); the error is rethrown.
 */
export async function inSavepoint<T>(client: Pick<PoolClient, "query">, work: () => Promise<T>): Promise<T> {
  await client.query("SAVEPOINT emporium_step");
  try {
    const result = await work();
    await client.query("RELEASE SAVEPOINT emporium_step");
    return result;
  } catch (err) {
    await client.query("ROLLBACK TO SAVEPOINT emporium_step");
    throw err;
  }
}

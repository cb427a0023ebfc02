import { inTransaction } from "./create-pool";
import { inSavepoint } from "./savepoint";
import { count, messagingDatabase, type MessagingDatabase } from "../../test/messaging-fixtures";

describe("inSavepoint", () => {
  let db: MessagingDatabase;
  beforeAll(async () => {
    db = await messagingDatabase();
  });
  afterAll(() => db.drop());

  const effects = (consumer: string) =>
    count(db.pool, "SELECT count(*)::int AS n FROM effects WHERE consumer = $1", [consumer]);
  const insert = (tx: { query(sql: string, values: unknown[]): Promise<unknown> }, consumer: string, value: string) =>
    tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ('m', $1, $2)", [consumer, value]);

  it("undoes only the failed work and leaves the transaction usable for what follows", async () => {
    await inTransaction(db.pool, async (tx) => {
      await insert(tx, "savepoint", "before");
      await expect(
        inSavepoint(tx, async () => {
          await insert(tx, "savepoint", "undone");
          await tx.query("SELECT 1/0");
        }),
      ).rejects.toThrow(/division by zero/);
      await insert(tx, "savepoint", "after");
    });
    const { rows } = await db.pool.query<{ value: string }>(
      "SELECT value FROM effects WHERE consumer = 'savepoint' ORDER BY value",
    );
    expect(rows.map((r) => r.value)).toEqual(["after", "before"]);
  });

  it("keeps the work that succeeded, also when savepoints nest", async () => {
    const result = await inTransaction(db.pool, (tx) =>
      inSavepoint(tx, async () => {
        await insert(tx, "nested", "outer");
        await inSavepoint(tx, () => insert(tx, "nested", "inner"));
        await inSavepoint(tx, () => tx.query("SELECT 1/0")).catch(() => undefined);
        return "done";
      }),
    );
    expect(result).toBe("done");
    expect(await effects("nested")).toBe(2);
  });
});

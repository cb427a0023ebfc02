import { withCallBudget } from "../resilience/call-budget";
import { inTransaction } from "./create-pool";
import { count, messagingDatabase, type MessagingDatabase } from "../../test/messaging-fixtures";

describe("inTransaction within a request's budget", () => {
  let db: MessagingDatabase;
  beforeAll(async () => {
    db = await messagingDatabase();
  });
  afterAll(() => db.drop());

  it("has the server cancel the work when the caller's deadline passes, so nothing of it is committed", async () => {
    const budget = { deadline: Date.now() + 200, signal: new AbortController().signal };
    const work = withCallBudget(budget, () =>
      inTransaction(db.pool, async (tx) => {
        await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ('m', 'budget', 'late')");
        await tx.query("SELECT pg_sleep(10)");
      }),
    );
    await expect(work).rejects.toMatchObject({ code: "57014" }); // query_canceled: statement timeout
    expect(await count(db.pool, "SELECT count(*)::int AS n FROM effects WHERE consumer = 'budget'")).toBe(0);
  });

  it("never lengthens the pool's own statement timeout (30 s here) for a caller with more time", async () => {
    const show = () => inTransaction(db.pool, async (tx) => (await tx.query("SHOW statement_timeout")).rows[0]);
    expect(await show()).toEqual({ statement_timeout: "30s" });
    const generous = { deadline: Date.now() + 600_000, signal: new AbortController().signal };
    expect(await withCallBudget(generous, show)).toEqual({ statement_timeout: "30s" });
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createTestDatabase, ensureTemplateDatabase } from "@emporium/testing";
import { migrate } from "./migrate";

/** Against the real test PostgreSQL: a database of the "platform_migrate" role, empty template. */
describe("migrate", () => {
  let db: { databaseUrl: string; drop(): Promise<void> };
  beforeAll(async () => {
    const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
    await ensureTemplateDatabase(adminUrl, { service: "platform_migrate", migrate: async () => undefined });
    db = await createTestDatabase(adminUrl, { service: "platform_migrate" });
  });
  afterAll(() => db.drop());

  it("applies new files in order once, refuses edited ones, and leaves nothing of a failed one", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    writeFileSync(path.join(dir, "0001_create.sql"), "CREATE TABLE t (id int PRIMARY KEY);");
    writeFileSync(path.join(dir, "0002_seed.sql"), "INSERT INTO t VALUES (1), (2);");
    writeFileSync(path.join(dir, "notes.txt"), "not a migration");
    expect(await migrate(db.databaseUrl, dir)).toEqual(["0001_create", "0002_seed"]);
    expect(await migrate(db.databaseUrl, dir)).toEqual([]);

    writeFileSync(path.join(dir, "0003_broken.sql"), "INSERT INTO t VALUES (3); INSERT INTO nope VALUES (1);");
    await expect(migrate(db.databaseUrl, dir)).rejects.toThrow(
      /migration 0003_broken.sql failed: relation "nope" does not exist/,
    );
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    expect((await client.query("SELECT count(*)::int AS n FROM t")).rows[0].n).toBe(2);
    await client.end();

    writeFileSync(path.join(dir, "0003_broken.sql"), "SELECT 1;");
    writeFileSync(path.join(dir, "0001_create.sql"), "CREATE TABLE t (id bigint PRIMARY KEY);");
    await expect(migrate(db.databaseUrl, dir)).rejects.toThrow(
      "migration 0001_create.sql was changed after it was applied",
    );
  });
});

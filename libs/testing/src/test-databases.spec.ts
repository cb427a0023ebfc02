import pg from "pg";
import { createTestDatabase, ensureTemplateDatabase, type TestDatabase } from "./test-databases";

/** Runs against the jest run's test server (global setup), like every service's tests. */
function adminUrl(): string {
  const url = process.env.EMPORIUM_TEST_PG_ADMIN_URL;
  if (!url)
    throw new Error("EMPORIUM_TEST_PG_ADMIN_URL is not set: run through jest (its global setup starts PostgreSQL)");
  return url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

// A name of its own per run, so reruns against a long-lived server start from no template.
const service = `tdb_${process.pid}`;
const migrations: string[] = [];
async function migrate(databaseUrl: string): Promise<void> {
  const [who] = await query<{ u: string }>(databaseUrl, "SELECT current_user AS u");
  migrations.push(who!.u);
  await query(
    databaseUrl,
    "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL); INSERT INTO items VALUES (1, 'from the template')",
  );
}

describe("test databases from a migrated template", () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of created) await db.drop();
  });

  it("migrates the template once, as the service role, also with concurrent callers", async () => {
    // Separate module instances have separate in-process caches, like separate jest workers.
    let other: typeof import("./test-databases") | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<typeof import("./test-databases")>("./test-databases");
    });
    expect(other!.ensureTemplateDatabase).not.toBe(ensureTemplateDatabase);
    await Promise.all([
      ensureTemplateDatabase(adminUrl(), { service, migrate }),
      ensureTemplateDatabase(adminUrl(), { service, migrate }),
      other!.ensureTemplateDatabase(adminUrl(), { service, migrate }),
    ]);
    await ensureTemplateDatabase(adminUrl(), { service, migrate });
    expect(migrations).toEqual([service]);
  });

  it("gives two independent databases copied from one template", async () => {
    await ensureTemplateDatabase(adminUrl(), { service, migrate });
    const a = await createTestDatabase(adminUrl(), { service });
    const b = await createTestDatabase(adminUrl(), { service });
    created.push(a, b);
    expect(a.database).not.toBe(b.database);

    await query(
      a.databaseUrl,
      "INSERT INTO items VALUES (2, 'only in a'); UPDATE items SET name = 'changed in a' WHERE id = 1",
    );
    expect(await query(a.databaseUrl, "SELECT id, name FROM items ORDER BY id")).toEqual([
      { id: 1, name: "changed in a" },
      { id: 2, name: "only in a" },
    ]);
    expect(await query(b.databaseUrl, "SELECT id, name FROM items ORDER BY id")).toEqual([
      { id: 1, name: "from the template" },
    ]);
    expect(await query(b.databaseUrl, "SELECT current_user AS u")).toEqual([{ u: service }]);
  });

  it("drops a test database even while a client is still connected", async () => {
    const db = await createTestDatabase(adminUrl(), { service });
    const straggler = new pg.Client({ connectionString: db.databaseUrl });
    await straggler.connect();
    straggler.on("error", () => undefined); // it is about to be disconnected
    await db.drop();
    expect(await query(adminUrl(), `SELECT datname FROM pg_database WHERE datname = '${db.database}'`)).toEqual([]);
    await straggler.end().catch(() => undefined);
  });

  it("rebuilds the template when its version changes", async () => {
    await ensureTemplateDatabase(adminUrl(), { service, migrate, version: "2" });
    expect(migrations).toEqual([service, service]);
  });

  it("explains what is missing when there is no template", async () => {
    await expect(createTestDatabase(adminUrl(), { service: "no_template_here" })).rejects.toThrow(
      /there is no no_template_here_template database yet: call ensureTemplateDatabase/,
    );
  });
});

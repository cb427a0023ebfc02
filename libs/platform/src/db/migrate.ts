import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { newDatabaseClient } from "./create-pool";

/** A migration that ships as code (e.g. the messaging tables from this library). */
export interface Migration {
  version: string;
  sql: string;
}

/**
 * Applies the `NNNN_name.sql` files of a directory in order, each in its own transaction, once.
 * Safe with several instances starting together (advisory lock) and loud when an applied file was
 * edited afterwards (checksum), because that would leave databases that differ silently.
 * `shared` migrations (e.g. MESSAGING_MIGRATIONS) are applied first, under the same rules; their
 * versions must not collide with the directory's file names.
 */
export async function migrate(
  databaseUrl: string,
  dir: string,
  log: (line: string) => void = () => undefined,
  shared: readonly Migration[] = [],
): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const migrations: Migration[] = [...shared];
  for (const file of files)
    migrations.push({ version: file.replace(/\.sql$/, ""), sql: await readFile(path.join(dir, file), "utf8") });
  const versions = new Set<string>();
  for (const m of migrations) {
    if (versions.has(m.version)) throw new Error(`two migrations share the version ${m.version}`);
    versions.add(m.version);
  }
  // A connection lost mid-way fails the statement in hand (and so the migration); it must not crash.
  const client = newDatabaseClient({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('emporium.schema_migrations'))");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: string; checksum: string }>(
      "SELECT version, checksum FROM schema_migrations",
    );
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const { version, sql } of migrations) {
      const file = `${version}.sql`;
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = done.get(version);
      if (previous !== undefined) {
        if (previous !== checksum)
          throw new Error(`migration ${file} was changed after it was applied; add a new migration instead`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", [version, checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(version);
      log(`applied migration ${file}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('emporium.schema_migrations'))").catch(() => undefined);
    await client.end();
  }
  return applied;
}

import pg from "pg";
import { scramSha256Verifier } from "./scram-verifier";
import { assertServiceName, quoteIdent } from "./sql-identifiers";

export interface ProvisionedDatabase {
  role: string;
  database: string;
  /** Connection URL as the service's own role. */
  databaseUrl: string;
  /** What this call had to create (false/false on a re-run). */
  created: { role: boolean; database: boolean };
}

/** Runs `work` on one short-lived connection as the admin (superuser) URL. */
export async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    const where = new URL(adminUrl);
    throw new Error(`cannot connect to PostgreSQL at ${where.host} as ${where.username}: ${(err as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Session-level advisory lock around `work`, so provisioning from several processes at once (parallel
 * starts, jest workers) is serialised instead of racing on CREATE ROLE / CREATE DATABASE.
 */
export async function withAdvisoryLock<T>(
  client: pg.ClientBase,
  key: string,
  work: () => Promise<T>,
  mode: "exclusive" | "shared" = "exclusive",
): Promise<T> {
  const suffix = mode === "shared" ? "_shared" : "";
  await client.query(`SELECT pg_advisory_lock${suffix}(hashtext($1))`, [key]);
  try {
    return await work();
  } finally {
    await client.query(`SELECT pg_advisory_unlock${suffix}(hashtext($1))`, [key]).catch(() => undefined);
  }
}

/**
 * A login role with no special powers and this password, created or brought back to that state.
 * Returns true when the role was created.
 */
export async function ensureLoginRole(client: pg.ClientBase, role: string, password: string): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
  const exists = (rowCount ?? 0) > 0;
  // Utility statements take no bind parameters: the verifier goes in as an escaped literal.
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${pg.escapeLiteral(scramSha256Verifier(password))}`;
  await client.query(`${exists ? "ALTER" : "CREATE"} ROLE ${quoteIdent(role)} WITH ${attributes}`);
  return !exists;
}

/**
 * A database owned by `owner` that only its owner (and superusers) may connect to. Returns true when
 * the database was created.
 */
export async function ensurePrivateDatabase(
  client: pg.ClientBase,
  database: string,
  owner: string,
  template = "template0",
): Promise<boolean> {
  const { rows } = await client.query<{ owner: string }>(
    "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1",
    [database],
  );
  const existing = rows[0];
  if (!existing) {
    await client.query(
      `CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(owner)} TEMPLATE ${quoteIdent(template)} ENCODING 'UTF8'`,
    );
  } else if (existing.owner !== owner) {
    await client.query(`ALTER DATABASE ${quoteIdent(database)} OWNER TO ${quoteIdent(owner)}`);
  }
  // PUBLIC may connect to every new database by default; one service must not reach another's data.
  await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
  return !existing;
}

/**
 * Service roles need no database but their own. By default PUBLIC may connect to the maintenance
 * databases too; taking that away leaves them to the superuser (who keeps every right).
 */
export async function restrictMaintenanceDatabases(client: pg.ClientBase): Promise<void> {
  await client.query("REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC");
}

/** The same server as `adminUrl`, as another role and database. */
export function databaseUrlFor(
  adminUrl: string,
  credentials: { role: string; password: string; database: string },
): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(credentials.role);
  url.password = encodeURIComponent(credentials.password);
  url.pathname = `/${encodeURIComponent(credentials.database)}`;
  return url.toString();
}

/**
 * Role `<service>` (password set to the given one, every time) and database `<service>` owned by it.
 * Safe to run at every start and from several processes at once.
 */
export async function provisionServiceDatabase(
  adminUrl: string,
  options: { service: string; password: string },
): Promise<ProvisionedDatabase> {
  const { service, password } = options;
  assertServiceName(service);
  const created = await withAdminClient(adminUrl, (client) =>
    withAdvisoryLock(client, "emporium.provision", async () => {
      await restrictMaintenanceDatabases(client);
      const role = await ensureLoginRole(client, service, password);
      const database = await ensurePrivateDatabase(client, service, service);
      return { role, database };
    }),
  );
  return {
    role: service,
    database: service,
    databaseUrl: databaseUrlFor(adminUrl, { role: service, password, database: service }),
    created,
  };
}

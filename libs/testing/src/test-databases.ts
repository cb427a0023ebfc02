import { createHmac, randomBytes } from "node:crypto";
import pg from "pg";
import {
  assertServiceName,
  databaseUrlFor,
  ensureLoginRole,
  ensurePrivateDatabase,
  quoteIdent,
  withAdminClient,
  withAdvisoryLock,
} from "@emporium/local-servers";

/**
 * Per-test databases: each test file gets a fresh copy of a migrated template, so tests never share
 * state and migrations run once per service per run, not once per file.
 *
 * Building the template takes an exclusive advisory lock; copying takes it shared. So parallel jest
 * workers (separate processes) build it exactly once, and no copy ever starts while the template is
 * being built or migrated (CREATE DATABASE ... TEMPLATE fails while anyone is connected to it).
 */

export interface TemplateOptions {
  service: string;
  /** Migrates the template; gets a URL as the service's own role. Must close its connections. */
  migrate: (databaseUrl: string) => Promise<void>;
  /**
   * Changes when the migrations change (e.g. a hash of the migrations dir). Only matters on a test
   * server that outlives a run; a different value rebuilds the template.
   */
  version?: string;
}

export interface TestDatabase {
  database: string;
  /** URL as the service's role, which owns the database. */
  databaseUrl: string;
  /** Drops the database, disconnecting anyone still on it. */
  drop(): Promise<void>;
}

const templateName = (service: string): string => `${service}_template`;
const lockKey = (service: string): string => `emporium.test-template.${service}`;

/**
 * The service role's password on a test server: derived from the admin password, so every process
 * of a run computes the same one without sharing state, and it is not guessable from outside.
 */
export function testRolePassword(adminUrl: string, service: string): string {
  const adminPassword = decodeURIComponent(new URL(adminUrl).password);
  return createHmac("sha256", adminPassword).update(`emporium-test-role:${service}`).digest("base64url");
}

function marker(version: string | undefined): string {
  return `emporium test template, version ${version ?? "1"}`;
}

async function buildTemplate(adminUrl: string, options: TemplateOptions): Promise<void> {
  const { service } = options;
  const template = templateName(service);
  await withAdminClient(adminUrl, (admin) =>
    withAdvisoryLock(admin, lockKey(service), async () => {
      const { rows } = await admin.query<{ datistemplate: boolean; comment: string | null }>(
        "SELECT datistemplate, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [template],
      );
      const existing = rows[0];
      // Marked as a template only after migrating, so a half-built one (crash, failed migration) is rebuilt.
      if (existing?.datistemplate && existing.comment === marker(options.version)) return;
      if (existing) {
        await admin.query(`ALTER DATABASE ${quoteIdent(template)} IS_TEMPLATE false`);
        await admin.query(`DROP DATABASE ${quoteIdent(template)} WITH (FORCE)`);
      }
      const password = testRolePassword(adminUrl, service);
      await ensureLoginRole(admin, service, password);
      await ensurePrivateDatabase(admin, template, service);
      try {
        await options.migrate(databaseUrlFor(adminUrl, { role: service, password, database: template }));
      } catch (err) {
        throw new Error(`migrating the ${service} test template failed: ${(err as Error).message}`, { cause: err });
      }
      await admin.query(`COMMENT ON DATABASE ${quoteIdent(template)} IS ${pg.escapeLiteral(marker(options.version))}`);
      await admin.query(`ALTER DATABASE ${quoteIdent(template)} IS_TEMPLATE true`);
    }),
  );
}

/** One build per server, service and version within this process; the lock covers other processes. */
const built = new Map<string, Promise<void>>();

/**
 * Creates role `<service>` and database `<service>_template`, migrated by `migrate`, unless an
 * identical one exists. Safe to call from every test file and from parallel jest workers.
 */
export function ensureTemplateDatabase(adminUrl: string, options: TemplateOptions): Promise<void> {
  assertServiceName(options.service);
  const key = JSON.stringify([adminUrl, options.service, options.version ?? null]);
  let pending = built.get(key);
  if (!pending) {
    pending = buildTemplate(adminUrl, options);
    built.set(key, pending);
    // A failure must not stick: the next call (e.g. after fixing a migration in watch mode) retries.
    pending.catch(() => built.delete(key));
  }
  return pending;
}

/** A fresh database copied from the service's template, owned by and reachable as the service role. */
export async function createTestDatabase(adminUrl: string, options: { service: string }): Promise<TestDatabase> {
  const { service } = options;
  assertServiceName(service);
  const template = templateName(service);
  // service (≤31) + pid + random stays well inside PostgreSQL's 63-byte names; the pid helps find leaks.
  const database = `${service}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(adminUrl, (admin) =>
    withAdvisoryLock(
      admin,
      lockKey(service),
      async () => {
        const { rows } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate", [
          template,
        ]);
        if (rows.length === 0) {
          throw new Error(
            `there is no ${template} database yet: call ensureTemplateDatabase(adminUrl, { service: "${service}", migrate }) before createTestDatabase`,
          );
        }
        await ensurePrivateDatabase(admin, database, service, template);
      },
      "shared",
    ),
  );
  return {
    database,
    databaseUrl: databaseUrlFor(adminUrl, { role: service, password: testRolePassword(adminUrl, service), database }),
    async drop() {
      await withAdminClient(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
      );
    },
  };
}

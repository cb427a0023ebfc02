import { startTestPostgres, type TestPostgres } from "./postgres-for-tests";

/** Where setup leaves the server for teardown (Jest runs both in the same context). */
export const TEST_POSTGRES_HANDLE = Symbol.for("emporium.testing.postgres");

/**
 * Jest globalSetup: one throwaway PostgreSQL for the whole jest run, unless the caller already runs
 * one (`npm test` starts a shared test server and passes its URL down). Workers start after this and
 * inherit EMPORIUM_TEST_PG_ADMIN_URL.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.EMPORIUM_TEST_PG_ADMIN_URL) return;
  const postgres = await startTestPostgres();
  process.env.EMPORIUM_TEST_PG_ADMIN_URL = postgres.adminUrl;
  (globalThis as Record<symbol, TestPostgres | undefined>)[TEST_POSTGRES_HANDLE] = postgres;
}

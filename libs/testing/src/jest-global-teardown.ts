import { TEST_POSTGRES_HANDLE } from "./jest-global-setup";
import type { TestPostgres } from "./postgres-for-tests";

/** Jest globalTeardown: stops the server globalSetup started; leaves a caller's server alone. */
export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as Record<symbol, TestPostgres | undefined>;
  const postgres = slot[TEST_POSTGRES_HANDLE];
  if (!postgres) return;
  slot[TEST_POSTGRES_HANDLE] = undefined;
  delete process.env.EMPORIUM_TEST_PG_ADMIN_URL;
  await postgres.stop();
}

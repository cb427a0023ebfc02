import postgresSetup from "./jest-global-setup";
import { startTestKeycloak, type TestKeycloakServer } from "./keycloak-for-tests";
import { TEST_SIGNING_KEY_ENV } from "./test-signing-key";

export const TEST_KEYCLOAK_HANDLE = Symbol.for("emporium.testing.keycloak");

/**
 * Jest globalSetup for projects whose tests need tokens: PostgreSQL as usual, plus one throwaway
 * Keycloak for the jest run unless `npm test` already started one for the whole run.
 */
export default async function globalSetup(): Promise<void> {
  await postgresSetup();
  if (process.env.EMPORIUM_TEST_KEYCLOAK_URL) return;
  const keycloak = await startTestKeycloak({ postgresAdminUrl: process.env.EMPORIUM_TEST_PG_ADMIN_URL as string });
  process.env.EMPORIUM_TEST_KEYCLOAK_URL = keycloak.url;
  process.env.EMPORIUM_TEST_KEYCLOAK_ADMIN_PASSWORD = keycloak.adminPassword;
  process.env[TEST_SIGNING_KEY_ENV] = keycloak.signingKey;
  (globalThis as Record<symbol, TestKeycloakServer | undefined>)[TEST_KEYCLOAK_HANDLE] = keycloak;
}

import postgresTeardown from "./jest-global-teardown";
import { TEST_KEYCLOAK_HANDLE } from "./jest-global-setup-keycloak";
import type { TestKeycloakServer } from "./keycloak-for-tests";
import { TEST_SIGNING_KEY_ENV } from "./test-signing-key";

export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as Record<symbol, TestKeycloakServer | undefined>;
  const keycloak = slot[TEST_KEYCLOAK_HANDLE];
  if (keycloak) {
    slot[TEST_KEYCLOAK_HANDLE] = undefined;
    delete process.env.EMPORIUM_TEST_KEYCLOAK_URL;
    delete process.env[TEST_SIGNING_KEY_ENV];
    await keycloak.stop();
  }
  await postgresTeardown();
}

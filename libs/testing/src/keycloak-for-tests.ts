import { spawn } from "node:child_process";
import { ensureKeycloakInstalled, freePort, generatePassword, applyRealm, loadRealmExport, startKeycloakServer } from "@emporium/infra-local";
import { createTestSigningKey, importTestSigningKey } from "./test-signing-key";

export interface TestKeycloakServer {
  url: string;
  issuer: string;
  adminUser: string;
  adminPassword: string;
  /** The run's test-only signing key (see test-signing-key.ts): pass it on as EMPORIUM_TEST_SIGNING_KEY. */
  signingKey: string;
  stop(): Promise<void>;
}

/**
 * A throwaway Keycloak for a test run: free ports, in-memory database, the realm export applied,
 * and a test-only key in the realm's JWKS (before any service can cache it) for one-defect tokens.
 * A watcher stops it if the owning process dies without teardown (Ctrl-C).
 */
export async function startTestKeycloak(options: { log?: (line: string) => void } = {}): Promise<TestKeycloakServer> {
  const { home } = await ensureKeycloakInstalled(options.log);
  const adminPassword = generatePassword();
  const server = await startKeycloakServer({ home, httpPort: await freePort(), managementPort: await freePort(), adminUser: "admin", adminPassword, log: options.log });
  const watcher = killWhenOwnerExits(server.pid);
  const signingKey = createTestSigningKey();
  try {
    await applyRealm(server.url, { adminUser: "admin", adminPassword, realm: loadRealmExport() });
    const realm = { url: server.url, issuer: `${server.url}/realms/emporium`, adminUser: "admin", adminPassword };
    await importTestSigningKey(realm, signingKey);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    url: server.url,
    issuer: `${server.url}/realms/emporium`,
    adminUser: "admin",
    adminPassword,
    signingKey,
    async stop() {
      watcher.cancel();
      await server.stop();
    },
  };
}

function killWhenOwnerExits(pid: number): { cancel(): void } {
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -TERM "$2" 2>/dev/null';
  const child = spawn("sh", ["-c", script, "emporium-test-keycloak-cleanup", String(process.pid), String(pid)], { detached: true, stdio: "ignore" });
  child.unref();
  return {
    cancel() {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}

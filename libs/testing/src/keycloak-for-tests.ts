import { spawn } from "node:child_process";
import {
  applyRealm,
  databaseUrlFor,
  ensureKeycloakInstalled,
  ensureLoginRole,
  ensurePrivateDatabase,
  freePort,
  generatePassword,
  loadRealmExport,
  PortInUseError,
  quoteIdent,
  startKeycloakServer,
  withAdminClient,
  type RunningKeycloak,
} from "@emporium/local-servers";
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
 * A throwaway Keycloak for a test run: free ports, a database of its own on the run's throwaway
 * PostgreSQL (`postgresAdminUrl`; dropped on stop), the realm export applied,
 * and a test-only key in the realm's JWKS (before any service can cache it) for one-defect tokens.
 * A watcher stops it if the owning process dies without teardown (Ctrl-C).
 */
export async function startTestKeycloak(options: {
  postgresAdminUrl: string;
  log?: (line: string) => void;
}): Promise<TestKeycloakServer> {
  const { home } = await ensureKeycloakInstalled(options.log);
  const adminPassword = generatePassword();
  const database = await createKeycloakDatabase(options.postgresAdminUrl);
  const server = await startOnFreePorts({ home, adminPassword, postgresUrl: database.url, log: options.log }).catch(
    async (err: unknown) => {
      await database.drop();
      throw err;
    },
  );
  const watcher = killWhenOwnerExits(server.pid);
  const signingKey = createTestSigningKey();
  try {
    await applyRealm(server.url, { adminUser: "admin", adminPassword, realm: loadRealmExport() });
    const realm = { url: server.url, issuer: `${server.url}/realms/emporium`, adminUser: "admin", adminPassword };
    await importTestSigningKey(realm, signingKey);
  } catch (err) {
    await server.stop();
    await database.drop();
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
      await database.drop();
    },
  };
}

const PORT_ATTEMPTS = 5;

/** Keycloak boots for seconds before it binds: a port free when picked may be taken by then. */
async function startOnFreePorts(options: {
  home: string;
  adminPassword: string;
  postgresUrl: string;
  log?: (line: string) => void;
}): Promise<RunningKeycloak> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startKeycloakServer({
        ...options,
        httpPort: await freePort(),
        managementPort: await freePort(),
        adminUser: "admin",
      });
    } catch (err) {
      if (!(err instanceof PortInUseError)) throw err;
      if (attempt >= PORT_ATTEMPTS)
        throw new Error(
          `could not start a test Keycloak: ${PORT_ATTEMPTS} sets of free ports in a row were taken before it could bind them`,
        );
      options.log?.(`==> ${err.message}: picking other ports`);
    }
  }
}

/** A role and database of its own for one test Keycloak (the server may be shared by other users). */
async function createKeycloakDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `keycloak_test_${process.pid}_${Date.now()}`;
  const password = generatePassword();
  await withAdminClient(adminUrl, async (client) => {
    await ensureLoginRole(client, name, password);
    await ensurePrivateDatabase(client, name, name);
  });
  return {
    url: databaseUrlFor(adminUrl, { role: name, password, database: name }),
    drop: () =>
      withAdminClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        await client.query(`DROP ROLE IF EXISTS ${quoteIdent(name)}`);
      }).catch(() => undefined),
  };
}

function killWhenOwnerExits(pid: number): { cancel(): void } {
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -TERM "$2" 2>/dev/null';
  const child = spawn("sh", ["-c", script, "emporium-test-keycloak-cleanup", String(process.pid), String(pid)], {
    detached: true,
    stdio: "ignore",
  });
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

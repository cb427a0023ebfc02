import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import {
  databaseUrlFor,
  ensureKeycloakInstalled,
  ensureLoginRole,
  ensurePrivateDatabase,
  ensureRealm,
  freePort,
  isPortFree,
  loadRealmExport,
  quoteIdent,
  startKeycloakServer,
  withAdminClient,
} from "@emporium/local-servers";
import { loadOrCreateSecrets } from "./local-secrets";
import { startLocalKeycloak, stopLocalKeycloak } from "./local-keycloak";

/**
 * The platform's Keycloak as `npm start` runs it (startLocalKeycloak: detached, on PostgreSQL, realm
 * applied when changed), in a state directory, ports and database of its own: one start and one
 * restart for the whole file, because each takes 15-40 s (the first, creating the schema, longer).
 */
describe("Keycloak of the local platform", () => {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
  const database = `keycloak_spec_${randomBytes(4).toString("hex")}`;
  const state = mkdtempSync(path.join(os.tmpdir(), "emporium-keycloak-spec-"));
  const env: NodeJS.ProcessEnv = { ...process.env, EMPORIUM_STATE_DIR: state };
  let postgresUrl: string;
  let url: string;
  let adminPassword: string;
  const startLog: string[] = [];

  beforeAll(async () => {
    const password = randomBytes(18).toString("base64url");
    await withAdminClient(adminUrl, async (client) => {
      await ensureLoginRole(client, database, password);
      await ensurePrivateDatabase(client, database, database);
    });
    postgresUrl = databaseUrlFor(adminUrl, { role: database, password, database });
    env.EMPORIUM_KEYCLOAK_PORT = String(await freePort());
    env.EMPORIUM_KEYCLOAK_MANAGEMENT_PORT = String(await freePort());
    adminPassword = loadOrCreateSecrets(state).keycloakAdminPassword;
    ({ url } = await startLocalKeycloak({ postgresUrl, env, log: (line) => startLog.push(line) }));
  }, 480_000);

  afterAll(async () => {
    await stopLocalKeycloak({ env });
    await withAdminClient(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${quoteIdent(database)}`);
    });
    rmSync(state, { recursive: true, force: true });
  }, 60_000);

  const admin = () => ({ adminUser: "admin", adminPassword });
  const tokenFor = async (form: Record<string, string>, realm = "emporium"): Promise<string> => {
    const endpoint = `${url}/realms/${realm}/protocol/openid-connect/token`;
    const res = await fetch(endpoint, { method: "POST", body: new URLSearchParams(form) });
    const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
    if (!body.access_token) throw new Error(`no token: HTTP ${res.status} ${body.error} ${body.error_description}`);
    return body.access_token;
  };
  const passwordToken = (username: string, password: string) =>
    tokenFor({ grant_type: "password", client_id: "dev-tokens", username, password });
  const adminHeaders = async () => {
    const form = { grant_type: "password", client_id: "admin-cli", username: "admin", password: adminPassword };
    const token = await tokenFor(form, "master");
    return { authorization: `Bearer ${token}`, "content-type": "application/json" };
  };

  it("creates the realm from the export on a new database and leaves it alone while the export is unchanged", async () => {
    expect(startLog).toContain("==> realm emporium created from infra/keycloak/emporium-realm.json");
    expect(await ensureRealm(url, { ...admin(), realm: loadRealmExport() })).toBe("unchanged");
    const alice = decodeJwt(await passwordToken("alice", "dev-only-alice-password"));
    expect(alice).toMatchObject({
      sub: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001",
      iss: `${url}/realms/emporium`,
      aud: "emporium-api",
      given_name: "Alice",
      realm_access: { roles: expect.arrayContaining(["customer"]) },
    });
  });

  it("issues client-credentials tokens whose audience names the services the client may call", async () => {
    const orders = decodeJwt(
      await tokenFor({
        grant_type: "client_credentials",
        client_id: "orders",
        client_secret: "dev-only-orders-secret",
      }),
    );
    expect(orders.aud).toEqual(expect.arrayContaining(["catalog", "inventory", "payments"]));
    expect(orders).toMatchObject({ azp: "orders", typ: "Bearer" });
  });

  it("keeps users registered since the start, and the keys that signed their tokens, across a restart", async () => {
    const user = { username: "restart-survivor", password: randomBytes(12).toString("base64url") };
    const created = await fetch(`${url}/admin/realms/emporium/users`, {
      method: "POST",
      headers: await adminHeaders(),
      body: JSON.stringify({
        username: user.username,
        email: "restart-survivor@example.test",
        firstName: "Restart",
        lastName: "Survivor",
        enabled: true,
        emailVerified: true,
        credentials: [{ type: "password", value: user.password, temporary: false }],
      }),
    });
    expect(created.status).toBe(201);
    const tokenBefore = await passwordToken(user.username, user.password);

    expect(await stopLocalKeycloak({ env })).toBe("stopped");
    const restartLog: string[] = [];
    await startLocalKeycloak({ postgresUrl, env, log: (line) => restartLog.push(line) });
    expect(restartLog).toContain("==> realm emporium is up to date");

    const found = await fetch(`${url}/admin/realms/emporium/users?exact=true&username=${user.username}`, {
      headers: await adminHeaders(),
    });
    expect(await found.json()).toEqual([expect.objectContaining({ username: user.username })]);
    expect(decodeJwt(await passwordToken(user.username, user.password))).toMatchObject({
      preferred_username: user.username,
    });
    const jwks = createRemoteJWKSet(new URL(`${url}/realms/emporium/protocol/openid-connect/certs`));
    const { payload } = await jwtVerify(tokenBefore, jwks, {
      issuer: `${url}/realms/emporium`,
      audience: "emporium-api",
    });
    expect(payload).toMatchObject({ preferred_username: user.username });
  }, 480_000);

  it("replaces the realm when the export changed, so edits take effect", async () => {
    const edited = structuredClone(loadRealmExport()) as unknown as {
      realm: string;
      users: Array<{ username: string; firstName: string }>;
    };
    edited.users.find((u) => u.username === "alice")!.firstName = "Alicia";
    expect(await ensureRealm(url, { ...admin(), realm: edited })).toBe("replaced");
    expect(decodeJwt(await passwordToken("alice", "dev-only-alice-password"))).toMatchObject({ given_name: "Alicia" });
  }, 240_000);

  it("refuses a taken port with a message naming the setting that moves it", async () => {
    const { home } = await ensureKeycloakInstalled();
    const squatter = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const managementPort = await freePort();
      const starting = startKeycloakServer({ home, httpPort: port, managementPort, postgresUrl, ...admin() });
      await expect(starting).rejects.toThrow(`port ${port} (Keycloak) is taken`);
    } finally {
      squatter.close();
    }
  });

  it("stops cleanly and frees its ports", async () => {
    expect(await stopLocalKeycloak({ env })).toBe("stopped");
    expect(await isPortFree(Number(env.EMPORIUM_KEYCLOAK_PORT))).toBe(true);
    expect(await isPortFree(Number(env.EMPORIUM_KEYCLOAK_MANAGEMENT_PORT))).toBe(true);
  }, 60_000);
});

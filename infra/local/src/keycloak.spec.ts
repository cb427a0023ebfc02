import { createServer } from "node:net";
import { ensureKeycloakInstalled } from "./keycloak-install";
import { applyRealm, loadRealmExport } from "./keycloak-realm";
import { startKeycloakServer, type RunningKeycloak } from "./keycloak-server";
import { freePort, isPortFree } from "./port-check";

/** A real Keycloak of our own (not the test run's shared one): start, realm, tokens, stop. */
describe("Keycloak server and realm", () => {
  let kc: RunningKeycloak;
  let home: string;
  const admin = { adminUser: "admin", adminPassword: "test-only-admin" };
  const ports = { http: 0, management: 0 };

  beforeAll(async () => {
    ({ home } = await ensureKeycloakInstalled());
    ports.http = await freePort();
    ports.management = await freePort();
    kc = await startKeycloakServer({ home, httpPort: ports.http, managementPort: ports.management, ...admin });
  }, 240_000);
  afterAll(() => kc?.stop());

  const token = async (form: Record<string, string>) => {
    const res = await fetch(`${kc.url}/realms/emporium/protocol/openid-connect/token`, { method: "POST", body: new URLSearchParams(form) });
    const body = (await res.json()) as { access_token: string };
    return JSON.parse(Buffer.from(body.access_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
  };

  it("applies the realm export, and again (replacing it) so edits take effect", async () => {
    const realm = loadRealmExport();
    expect(await applyRealm(kc.url, { ...admin, realm })).toBe("created");
    const alice = await token({ grant_type: "password", client_id: "dev-tokens", username: "alice", password: "dev-only-alice-password" });
    expect(alice).toMatchObject({ sub: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001", iss: `http://127.0.0.1:${ports.http}/realms/emporium`, aud: "emporium-api", given_name: "Alice", realm_access: { roles: expect.arrayContaining(["customer"]) } });

    const edited = structuredClone(realm) as unknown as { realm: string; users: Array<{ username: string; firstName: string }> };
    edited.users.find((u) => u.username === "alice")!.firstName = "Alicia";
    expect(await applyRealm(kc.url, { ...admin, realm: edited })).toBe("replaced");
    expect(await token({ grant_type: "password", client_id: "dev-tokens", username: "alice", password: "dev-only-alice-password" })).toMatchObject({ given_name: "Alicia" });
  });

  it("issues client-credentials tokens whose audience names the services the client may call", async () => {
    await applyRealm(kc.url, { ...admin, realm: loadRealmExport() });
    const orders = await token({ grant_type: "client_credentials", client_id: "orders", client_secret: "dev-only-orders-secret" });
    expect(orders.aud).toEqual(expect.arrayContaining(["catalog", "inventory", "payments"]));
    expect(orders).toMatchObject({ azp: "orders", typ: "Bearer" });
  });

  it("refuses a taken port with a message naming the setting that moves it", async () => {
    const squatter = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      await expect(startKeycloakServer({ home, httpPort: port, managementPort: await freePort(), ...admin })).rejects.toThrow(`port ${port} (Keycloak) is taken`);
    } finally {
      squatter.close();
    }
  });

  it("stops cleanly and frees its ports", async () => {
    await kc.stop();
    expect(await isPortFree(ports.http)).toBe(true);
    expect(await isPortFree(ports.management)).toBe(true);
  }, 60_000);
});

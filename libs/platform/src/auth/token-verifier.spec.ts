import { decodeProtectedHeader } from "jose";
import {
  forgedTokens,
  keycloakAdmin,
  serviceToken,
  shortLivedSession,
  signInWithPkce,
  testKeycloak,
  userToken,
} from "@emporium/testing";
import { DEFAULT_UPSTREAM_POLICY } from "../resilience/upstream-policy-config";
import { clientCredentialsTokenSource } from "./client-credentials";
import { createTokenVerifier } from "./token-verifier";

/** Against the real test Keycloak: principals, key rotation, the JWKS cooldown, client credentials. */
describe("access tokens from Keycloak", () => {
  const kc = testKeycloak();
  const countingFetch = () => {
    const calls: string[] = [];
    const f = (url: string, init: RequestInit) => {
      calls.push(url);
      return fetch(url, init);
    };
    return { calls, f };
  };

  it("turns a user token into a principal with subject, roles, audience and client", async () => {
    const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api"] });
    expect(await verifier.verify(await userToken(kc, "alice"))).toEqual({
      subject: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001",
      roles: expect.arrayContaining(["customer"]),
      audience: ["emporium-api"],
      clientId: "dev-tokens",
      kind: "user",
      email: "alice@example.test",
      name: "Alice Archer",
    });
  });

  it("accepts a service token only where the service's name is in its audience", async () => {
    const token = await serviceToken(kc, "orders");
    const catalog = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", "catalog"] });
    expect(await catalog.verify(token)).toMatchObject({ kind: "service", clientId: "orders" });
    const reviews = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", "reviews"] });
    await expect(reviews.verify(token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: "access token not accepted here (aud claim)",
    });
  });

  describe("production mode", () => {
    const production = () =>
      createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api"], mode: "production" });

    it("accepts a user signed in through the web or mobile client (authorization code + PKCE)", async () => {
      const web = await signInWithPkce(kc, "alice");
      expect(await production().verify(web.accessToken)).toMatchObject({
        subject: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001",
        clientId: "web",
        kind: "user",
      });
      const mobile = await signInWithPkce(kc, "bob", { clientId: "mobile" });
      expect(await production().verify(mobile.accessToken)).toMatchObject({ clientId: "mobile", kind: "user" });
    });

    it("refuses tokens of the development-only password-grant clients, which development accepts", async () => {
      const devTokens = [await userToken(kc, "alice"), (await shortLivedSession(kc, "alice")).accessToken];
      for (const token of devTokens) {
        await expect(production().verify(token)).rejects.toMatchObject({
          code: "UNAUTHENTICATED",
          message: expect.stringMatching(/^tokens of the development-only client dev-tokens(-10s)? are not accepted/),
        });
        const development = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api"] });
        expect(await development.verify(token)).toMatchObject({ kind: "user" });
      }
    });

    it("still accepts service tokens", async () => {
      const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["catalog"], mode: "production" });
      expect(await verifier.verify(await serviceToken(kc, "orders"))).toMatchObject({ clientId: "orders" });
    });
  });

  describe("key rotation (in a realm of its own, so other tests' tokens are unaffected)", () => {
    const realm = `rotation-${Date.now()}`;
    const issuer = `${kc.url}/realms/${realm}`;
    const admin = (method: string, path: string, body?: unknown) => keycloakAdmin(kc, method, path, body, realm);
    const token = async () => {
      const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "password",
          client_id: "cli",
          username: "rita",
          password: "rita-password",
        }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    };

    beforeAll(async () => {
      const master = await fetch(`${kc.url}/realms/master/protocol/openid-connect/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "password",
          client_id: "admin-cli",
          username: kc.adminUser,
          password: kc.adminPassword,
        }),
      });
      const { access_token } = (await master.json()) as { access_token: string };
      const created = await fetch(`${kc.url}/admin/realms`, {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body: JSON.stringify({
          realm,
          enabled: true,
          sslRequired: "none",
          clients: [
            {
              clientId: "cli",
              publicClient: true,
              directAccessGrantsEnabled: true,
              protocolMappers: [
                {
                  name: "aud",
                  protocol: "openid-connect",
                  protocolMapper: "oidc-audience-mapper",
                  config: { "included.custom.audience": "emporium-api", "access.token.claim": "true" },
                },
              ],
            },
          ],
          users: [
            {
              username: "rita",
              enabled: true,
              email: "rita@example.test",
              emailVerified: true,
              firstName: "Rita",
              lastName: "Rotate",
              credentials: [{ type: "password", value: "rita-password", temporary: false }],
            },
          ],
        }),
      });
      expect(created.status).toBe(201);
    });

    const rotate = async () => {
      const { id } = (await (await admin("GET", "")).json()) as { id: string };
      await admin("POST", "/components", {
        name: `rotated-${Date.now()}`,
        providerId: "rsa-generated",
        providerType: "org.keycloak.keys.KeyProvider",
        parentId: id,
        config: { priority: [String(Date.now())], enabled: ["true"], active: ["true"], algorithm: ["RS256"] },
      });
    };

    it("accepts tokens signed with a new key after one JWKS refetch", async () => {
      const { calls, f } = countingFetch();
      const verifier = createTokenVerifier({ issuer, audiences: ["emporium-api"], jwksCooldownMs: 1_000, fetch: f });
      const before = await token();
      await verifier.verify(before);
      expect(calls).toHaveLength(1);
      await rotate();
      const after = await token();
      expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
      await new Promise((r) => setTimeout(r, 1_100)); // past the cooldown of the first fetch
      expect((await verifier.verify(after)).subject).toBeTruthy();
      expect(calls).toHaveLength(2);
      await verifier.verify(before); // the old key is still published, and still cached
      expect(calls).toHaveLength(2);
    });

    it("fetches at most once per cooldown however many unknown key ids arrive", async () => {
      const { calls, f } = countingFetch();
      const verifier = createTokenVerifier({ issuer, audiences: ["emporium-api"], jwksCooldownMs: 60_000, fetch: f });
      const valid = await token();
      await verifier.verify(valid);
      const { unknownKeyId } = await forgedTokens({ ...kc, issuer }, valid);
      const results = await Promise.allSettled(Array.from({ length: 200 }, () => verifier.verify(unknownKeyId)));
      expect(
        results.every(
          (r) => r.status === "rejected" && (r.reason as Error).message === "access token signed with an unknown key",
        ),
      ).toBe(true);
      expect(calls).toHaveLength(1);
    });
  });

  it("reuses a client-credentials token until shortly before expiry, then refreshes it", async () => {
    let now = Date.now();
    const { calls, f } = countingFetch();
    const source = clientCredentialsTokenSource({
      issuer: kc.issuer,
      clientId: "orders",
      clientSecret: "dev-only-orders-secret",
      refreshBeforeExpiryMs: 30_000,
      clock: () => now,
      fetch: f as typeof fetch,
    });
    const [a, b] = await Promise.all([source.token(), source.token()]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
    now += 200_000; // still more than 30 s before the 300 s expiry
    expect(await source.token()).toBe(a);
    now += 80_000; // now within 30 s of expiry
    const c = await source.token();
    expect(calls).toHaveLength(2);
    const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["catalog"] });
    expect(await verifier.verify(c)).toMatchObject({ clientId: "orders", kind: "service" });
  });

  it("never retries a token request Keycloak refused (a wrong secret)", async () => {
    const { calls, f } = countingFetch();
    const source = clientCredentialsTokenSource({
      issuer: kc.issuer,
      clientId: "orders",
      clientSecret: "not-the-secret",
      fetch: f as typeof fetch,
    });
    await expect(source.token()).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(calls).toHaveLength(1);
  });

  it("retries a few times with backoff, then fails fast without a request storm when Keycloak cannot be reached", async () => {
    let requests = 0;
    const unreachable = (async () => {
      requests++;
      throw new Error("connect ECONNREFUSED 127.0.0.1:9");
    }) as unknown as typeof fetch;
    const source = clientCredentialsTokenSource({
      issuer: kc.issuer,
      clientId: "orders",
      clientSecret: "x",
      failureCooldownMs: 60_000,
      fetch: unreachable,
    });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => source.token()));
    await expect(source.token()).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(requests).toBe(DEFAULT_UPSTREAM_POLICY.retryMaxAttempts); // one request and its retries, for all 100 callers
  });
});

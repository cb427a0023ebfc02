import { createHmac, createPublicKey, generateKeyPairSync } from "node:crypto";
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from "jose";

/**
 * Real tokens from the test Keycloak (never a fake issuer) and the forgeries an attacker would try,
 * made from real tokens. Users and secrets are the realm export's development-only fixtures.
 */
export interface TestKeycloak {
  url: string;
  issuer: string;
  adminUser: string;
  adminPassword: string;
}

export function testKeycloak(): TestKeycloak {
  const url = process.env.EMPORIUM_TEST_KEYCLOAK_URL;
  if (!url)
    throw new Error(
      "EMPORIUM_TEST_KEYCLOAK_URL is not set: this project's jest config must use the Keycloak global setup",
    );
  return {
    url,
    issuer: `${url}/realms/emporium`,
    adminUser: "admin",
    adminPassword: process.env.EMPORIUM_TEST_KEYCLOAK_ADMIN_PASSWORD ?? "",
  };
}

async function tokenRequest(url: string, form: Record<string, string>): Promise<Record<string, string>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as Record<string, string>;
  if (!res.ok) throw new Error(`token request failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

const tokenUrl = (kc: TestKeycloak, realm = "emporium") => `${kc.url}/realms/${realm}/protocol/openid-connect/token`;

export type FixtureUser = "alice" | "bob" | "ada";

/** A customer a test created (createTestCustomer), signed in like the fixture users. */
export type GeneratedCustomer = `gen-${string}`;

/**
 * A user's sign-in through a development-only password-grant client: all three tokens. `dev-tokens`
 * issues access tokens for the realm's 5 minutes, `dev-tokens-10s` for 10 seconds.
 */
function signIn(
  kc: TestKeycloak,
  username: FixtureUser | GeneratedCustomer,
  clientId: "dev-tokens" | "dev-tokens-10s" = "dev-tokens",
): Promise<Record<string, string>> {
  const password = `dev-only-${username}-password`;
  return tokenRequest(tokenUrl(kc), {
    grant_type: "password",
    client_id: clientId,
    username,
    password,
    scope: "openid",
  });
}

/** A user's access token through the development-only password-grant client. */
export async function userToken(kc: TestKeycloak, username: FixtureUser | GeneratedCustomer): Promise<string> {
  return (await signIn(kc, username)).access_token!;
}

export async function userIdToken(kc: TestKeycloak, username: FixtureUser): Promise<string> {
  return (await signIn(kc, username)).id_token!;
}

/** A user's real refresh token: HS512 with the realm's HMAC key, which the JWKS never publishes. */
export async function userRefreshToken(kc: TestKeycloak, username: FixtureUser): Promise<string> {
  return (await signIn(kc, username)).refresh_token!;
}

export interface ShortLivedSession {
  /** An access token that expires 10 s after it was issued. */
  accessToken: string;
  /** A fresh access token (another 10 s) for the same user, from the session's refresh token. */
  refresh(): Promise<string>;
}

/** A user signed in through `dev-tokens-10s`: access tokens that expire after 10 s, and their refresh. */
export async function shortLivedSession(kc: TestKeycloak, username: FixtureUser): Promise<ShortLivedSession> {
  const tokens = await signIn(kc, username, "dev-tokens-10s");
  let refreshToken = tokens.refresh_token!;
  return {
    accessToken: tokens.access_token!,
    async refresh() {
      const next = await tokenRequest(tokenUrl(kc), {
        grant_type: "refresh_token",
        client_id: "dev-tokens-10s",
        refresh_token: refreshToken,
      });
      refreshToken = next.refresh_token ?? refreshToken;
      return next.access_token!;
    },
  };
}

/** A service's client-credentials token (its audience: the services it may call). */
export async function serviceToken(kc: TestKeycloak, clientId: string): Promise<string> {
  return (
    await tokenRequest(tokenUrl(kc), {
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: `dev-only-${clientId}-secret`,
    })
  ).access_token!;
}

/** A perfectly valid token — of the master realm, i.e. the wrong issuer. */
export async function masterRealmToken(kc: TestKeycloak): Promise<string> {
  return (
    await tokenRequest(tokenUrl(kc, "master"), {
      grant_type: "password",
      client_id: "admin-cli",
      username: kc.adminUser,
      password: kc.adminPassword,
    })
  ).access_token!;
}

/** Admin REST call on the test Keycloak (for test set-up such as key rotation). */
export async function keycloakAdmin(
  kc: TestKeycloak,
  method: string,
  path: string,
  body?: unknown,
  realm = "emporium",
): Promise<Response> {
  const admin = await masterRealmToken(kc);
  const res = await fetch(`${kc.url}/admin/realms/${realm}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`Keycloak admin ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/**
 * A customer of its own for a test that needs many (e.g. a load where each customer's checkouts
 * queue on their cart): realm role customer, the fixture users' password scheme, so `userToken`
 * signs them in. `name` must be unique on the Keycloak (e.g. with the process id and a time).
 */
export async function createTestCustomer(kc: TestKeycloak, name: string): Promise<GeneratedCustomer> {
  const username: GeneratedCustomer = `gen-${name}`;
  await keycloakAdmin(kc, "POST", "/users", {
    username,
    email: `${username}@example.test`,
    emailVerified: true,
    firstName: "Generated",
    lastName: name,
    enabled: true,
    credentials: [{ type: "password", value: `dev-only-${username}-password`, temporary: false }],
  });
  const [user] = (await (await keycloakAdmin(kc, "GET", `/users?exact=true&username=${username}`)).json()) as Array<{
    id: string;
  }>;
  const role = await (await keycloakAdmin(kc, "GET", "/roles/customer")).json();
  await keycloakAdmin(kc, "POST", `/users/${user!.id}/role-mappings/realm`, [role]);
  return username;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** Forgeries built from a genuine token of the realm. */
export async function forgedTokens(
  kc: TestKeycloak,
  genuine: string,
): Promise<Record<"algNone" | "hs256WithPublicKey" | "unknownKeyId" | "tamperedPayload", string>> {
  const [, payload, signature] = genuine.split(".");
  const claims = decodeJwt(genuine);
  const { kid } = decodeProtectedHeader(genuine);
  const jwks = (await (await fetch(`${kc.issuer}/protocol/openid-connect/certs`)).json()) as { keys: JWK[] };
  const realmKey = jwks.keys.find((k) => k.kid === kid)!;
  const publicPem = createPublicKey({ key: realmKey as never, format: "jwk" })
    .export({ type: "spki", format: "pem" })
    .toString();

  const hsHeader = b64({ alg: "HS256", typ: "JWT", kid });
  const hsSignature = createHmac("sha256", publicPem).update(`${hsHeader}.${payload}`).digest("base64url");

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const foreignKey = await importJWK(privateKey.export({ format: "jwk" }) as JWK, "RS256");
  const unknownKeyId = await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "not-a-realm-key" })
    .sign(foreignKey);

  // Someone else's identity, more roles, a later expiry: every byte an attacker would want to change.
  const escalated = b64({
    ...claims,
    sub: "00000000-0000-0000-0000-00000000beef",
    exp: claims.exp! + 3600,
    realm_access: { roles: ["admin", "customer", "superuser"] },
  });
  if (escalated === payload) throw new Error("the tampered payload must differ from the genuine one");
  return {
    algNone: `${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
    hs256WithPublicKey: `${hsHeader}.${payload}.${hsSignature}`,
    unknownKeyId,
    tamperedPayload: `${genuine.split(".")[0]}.${escalated}.${signature}`,
  };
}

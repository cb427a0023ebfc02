import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { JWK } from "jose";
import { keycloakAdmin, type TestKeycloak } from "./tokens";

/**
 * A test-only RSA key that the test Keycloak publishes in the `emporium` realm's JWKS but never signs
 * with: it is imported as an extra key provider ("rsa", imported private key) that is enabled but
 * passive, so Keycloak keeps signing with its own generated key while every verifier that trusts the
 * realm's JWKS trusts this key too. Tests sign tokens with it that differ from a real token in
 * exactly one claim (see oneDefectTokens), so a refusal can only be for that claim.
 *
 * The key is made per test run when the test Keycloak starts, before any service under test caches
 * the JWKS, and travels to Jest workers in EMPORIUM_TEST_SIGNING_KEY (PKCS#8 DER, base64). It never
 * leaves the throwaway Keycloak of that run.
 */
export const TEST_SIGNING_KEY_ENV = "EMPORIUM_TEST_SIGNING_KEY";
const COMPONENT_NAME = "emporium-test-only-signing-key";

export interface TrustedTestKey {
  privateKey: KeyObject;
  /** The key id Keycloak publishes for it in the realm's JWKS. */
  kid: string;
}

/** A fresh key, in the form EMPORIUM_TEST_SIGNING_KEY carries. */
export function createTestSigningKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
}

/** Adds the key to the realm as an enabled, passive (verify-only), lowest-priority RS256 key. */
export async function importTestSigningKey(kc: TestKeycloak, signingKey: string): Promise<void> {
  const pem = keyObject(signingKey).export({ type: "pkcs8", format: "pem" }).toString();
  // Keycloak makes a self-signed certificate for the key itself; the component joins the realm it is posted to.
  await keycloakAdmin(kc, "POST", "/components", {
    name: COMPONENT_NAME,
    providerId: "rsa",
    providerType: "org.keycloak.keys.KeyProvider",
    config: { privateKey: [pem], algorithm: ["RS256"], enabled: ["true"], active: ["false"], priority: ["-1000"] },
  });
}

const resolved = new Map<string, Promise<TrustedTestKey>>();

/**
 * The run's test signing key and the kid the realm publishes for it. A Keycloak started without it
 * (by an older harness, or outside startTestKeycloak) gets it imported now, with a key made for this
 * process: services that fetched the JWKS before then only see it after their JWKS cooldown.
 */
export function trustedTestKey(kc: TestKeycloak): Promise<TrustedTestKey> {
  let key = resolved.get(kc.issuer);
  if (!key) {
    key = resolveTrustedKey(kc);
    key.catch(() => resolved.delete(kc.issuer));
    resolved.set(kc.issuer, key);
  }
  return key;
}

async function resolveTrustedKey(kc: TestKeycloak): Promise<TrustedTestKey> {
  const signingKey = (process.env[TEST_SIGNING_KEY_ENV] ||= createTestSigningKey());
  const privateKey = keyObject(signingKey);
  const published = await publishedKid(kc, privateKey);
  if (published) return { privateKey, kid: published };
  await importTestSigningKey(kc, signingKey);
  const kid = await publishedKid(kc, privateKey);
  if (!kid) throw new Error(`the test signing key was imported but ${kc.issuer} does not publish it`);
  return { privateKey, kid };
}

async function publishedKid(kc: TestKeycloak, privateKey: KeyObject): Promise<string | undefined> {
  const { n } = createPublicKey(privateKey).export({ format: "jwk" });
  const res = await fetch(`${kc.issuer}/protocol/openid-connect/certs`);
  if (!res.ok) throw new Error(`cannot read the JWKS of ${kc.issuer}: HTTP ${res.status}`);
  const { keys } = (await res.json()) as { keys: JWK[] };
  return keys.find((k) => k.kty === "RSA" && k.use === "sig" && k.n === n)?.kid;
}

function keyObject(signingKey: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(signingKey, "base64"), format: "der", type: "pkcs8" });
}

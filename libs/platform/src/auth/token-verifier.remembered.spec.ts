import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createTokenVerifier } from "./token-verifier";

/**
 * An accepted token is taken on trust again (its signature is not checked twice), but never past
 * its expiry. A realm of the spec's own: its key is served as the JWKS, its tokens expire in seconds.
 */
const issuer = "http://identity.test/realms/emporium";

it("accepts a token again, as the same caller, only until it expires", async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const keys = [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }];
  const jwks = async () => new Response(JSON.stringify({ keys }), { headers: { "content-type": "application/json" } });
  const verifier = createTokenVerifier({ issuer, audiences: ["emporium-api"], clockToleranceSec: 0, fetch: jwks });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ typ: "Bearer", azp: "web", realm_access: { roles: ["customer"] } })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(issuer)
    .setAudience("emporium-api")
    .setSubject("alice")
    .setIssuedAt(now)
    .setExpirationTime(now + 2)
    .sign(privateKey);

  const first = await verifier.verify(token);
  expect(first).toEqual({
    subject: "alice",
    roles: ["customer"],
    audience: ["emporium-api"],
    clientId: "web",
    kind: "user",
  });
  const again = await verifier.verify(token);
  expect(again).toEqual(first);
  expect(again.accessToken).toBe(token);

  await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 + 50 - Date.now()));
  await expect(verifier.verify(token)).rejects.toMatchObject({
    code: "UNAUTHENTICATED",
    message: "access token expired",
  });
});

it("remembers no refusal: a token refused once is refused again", async () => {
  const { publicKey } = await generateKeyPair("RS256");
  const { privateKey: otherKey } = await generateKeyPair("RS256");
  const keys = [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }];
  const jwks = async () => new Response(JSON.stringify({ keys }), { headers: { "content-type": "application/json" } });
  const verifier = createTokenVerifier({ issuer, audiences: ["emporium-api"], fetch: jwks });
  const forged = await new SignJWT({ typ: "Bearer", azp: "web" })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(issuer)
    .setAudience("emporium-api")
    .setSubject("mallory")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(otherKey);
  for (let i = 0; i < 2; i++)
    await expect(verifier.verify(forged)).rejects.toMatchObject({ message: "access token signature is invalid" });
});

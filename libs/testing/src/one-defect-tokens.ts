import { SignJWT, decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import { trustedTestKey } from "./test-signing-key";
import type { TestKeycloak } from "./tokens";

/**
 * Why the verifier refuses a token: a fragment of the UNAUTHENTICATED message it answers with
 * (libs/platform token-verifier), so a check can tell "refused for its issuer" from "refused for
 * its key".
 */
export const REFUSAL = {
  expired: "access token expired",
  issuer: "(iss claim)",
  audience: "(aud claim)",
  notAnAccessToken: "not an access token",
  algorithm: "algorithm not allowed",
  unknownKey: "signed with an unknown key",
  signature: "signature is invalid",
} as const;
export type RefusalReason = (typeof REFUSAL)[keyof typeof REFUSAL];

export interface OneDefectToken {
  token: string;
  /** What the verifier must name when it refuses the token. */
  refusedFor: RefusalReason;
}

export interface OneDefectTokens {
  /** The genuine token's claims re-signed with the test key, unchanged: must be ACCEPTED like the genuine one. */
  control: string;
  /** Keyed by what is wrong with the token; each differs from `control` in that one claim only. */
  defective: Record<string, OneDefectToken>;
}

/**
 * Tokens that differ from a genuine access token of the test realm in exactly ONE claim, signed with
 * a key the realm publishes (trustedTestKey), so signature, key and algorithm are all acceptable and
 * a verifier that lacks the one check accepts the token. Signed locally: no Keycloak round trip per
 * token (only the first call in a process reads the JWKS).
 */
export async function oneDefectTokens(kc: TestKeycloak, genuine: string): Promise<OneDefectTokens> {
  const claims = decodeJwt(genuine);
  if (claims.typ !== "Bearer" || claims.iss !== kc.issuer) {
    throw new Error("oneDefectTokens needs a genuine access token of the test realm");
  }
  const { privateKey, kid } = await trustedTestKey(kc);
  const { typ } = decodeProtectedHeader(genuine);
  const sign = (changes: JWTPayload) =>
    new SignJWT({ ...claims, ...changes }).setProtectedHeader({ alg: "RS256", typ, kid }).sign(privateKey);
  const now = Math.floor(Date.now() / 1000);
  const lifetime = claims.exp! - claims.iat!;
  return {
    control: await sign({}),
    defective: {
      "issued by a twin realm (another issuer), signed with a trusted key": {
        token: await sign({ iss: `${kc.url}/realms/emporium-twin` }),
        refusedFor: REFUSAL.issuer,
      },
      // Keycloak's own account console: a client of the realm, not an API of ours.
      "an access token for another audience (account)": {
        token: await sign({ aud: "account" }),
        refusedFor: REFUSAL.audience,
      },
      "an ID token whose audience is accepted": {
        token: await sign({ typ: "ID" }),
        refusedFor: REFUSAL.notAnAccessToken,
      },
      "a refresh token whose audience and key are accepted": {
        token: await sign({ typ: "Refresh" }),
        refusedFor: REFUSAL.notAnAccessToken,
      },
      // Expired a minute ago, far past any clock tolerance; issued one lifetime before that.
      "expired beyond the clock tolerance": {
        token: await sign({ exp: now - 60, iat: now - 60 - lifetime }),
        refusedFor: REFUSAL.expired,
      },
    },
  };
}

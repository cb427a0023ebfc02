import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from "jose";
import type { RuntimeMode } from "../config/load-config";
import { AppError } from "../errors/app-error";
import { withAccessToken, type Principal } from "./principal";

export interface TokenVerifierOptions {
  /** e.g. http://127.0.0.1:8080/realms/emporium: the only accepted `iss`. */
  issuer: string;
  /** Accepted audiences: `emporium-api` for user tokens and the service's own name for service tokens. */
  audiences: readonly string[];
  /** Seconds of clock skew forgiven on exp/nbf/iat. */
  clockToleranceSec?: number;
  /** At most one JWKS fetch per this window when tokens name unknown keys (rotation, or a flood). */
  jwksCooldownMs?: number;
  /** How long an accepted token is taken on trust again, at most (never past its expiry). */
  rememberMs?: number;
  /** Injected for tests that count JWKS fetches. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** In production, tokens issued to the development-only clients (DEV_TOKEN_CLIENTS) are refused. */
  mode?: RuntimeMode;
}

/**
 * The realm's development-only password-grant clients (tools, tests). Anyone who knows a password can
 * get a token from them without the sign-in page, so a production process accepts none of their tokens.
 */
export const DEV_TOKEN_CLIENTS: readonly string[] = ["dev-tokens", "dev-tokens-10s"];

/** Asymmetric algorithms only: an HMAC token "signed" with our public key must never verify. */
export const ACCEPTED_ALGORITHMS = ["RS256", "PS256", "ES256"];

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * Verifies Keycloak access tokens locally against the realm's JWKS: signature, algorithm allow-list,
 * issuer, audience, expiry (with a small tolerance) and token type (`Bearer`, so an ID token cannot
 * pass as an access token). Keys are cached; an unknown key id triggers a refetch at most once per
 * cooldown. Failures are UNAUTHENTICATED with a reason a client developer can act on.
 *
 * In production it also refuses tokens issued to the development-only clients (`azp` in
 * DEV_TOKEN_CLIENTS), so a realm that still has them cannot open a production deployment to password
 * sign-in.
 *
 * A token it accepted is accepted again, without checking its signature again, until it expires or
 * for a minute at most: the same caller sends the same token with every call, and checking an RS256
 * signature was a fifth of the CPU a small RPC cost. Refusals are not remembered.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(`${options.issuer}/protocol/openid-connect/certs`), {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: 10 * 60_000,
    timeoutDuration: 5_000,
    ...(options.fetch ? { [customFetch]: options.fetch } : {}),
  });
  const accepted = acceptedTokens(options.rememberMs ?? 60_000);
  const refusedClients = options.mode === "production" ? DEV_TOKEN_CLIENTS : [];
  return {
    async verify(token) {
      const known = accepted.get(token);
      if (known) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: options.issuer,
          audience: [...options.audiences],
          algorithms: ACCEPTED_ALGORITHMS,
          clockTolerance: options.clockToleranceSec ?? 5,
          requiredClaims: ["exp", "iat", "sub"],
        }));
      } catch (err) {
        throw new AppError("UNAUTHENTICATED", reason(err));
      }
      if (payload.typ !== "Bearer")
        throw new AppError("UNAUTHENTICATED", "not an access token (an ID or refresh token cannot be used here)");
      if (refusedClients.includes(String(payload.azp)))
        throw new AppError(
          "UNAUTHENTICATED",
          `tokens of the development-only client ${String(payload.azp)} are not accepted in production; sign in through the web or mobile client`,
        );
      return accepted.remember(token, withAccessToken(principalOf(payload), token), payload.exp! * 1000);
    },
  };
}

/** Accepted tokens and their principals, each until `min(expiry, now + rememberMs)`; the oldest go first. */
function acceptedTokens(rememberMs: number, capacity = 10_000) {
  const entries = new Map<string, { principal: Principal; until: number }>();
  return {
    get(token: string): Principal | undefined {
      const entry = entries.get(token);
      if (entry && Date.now() < entry.until) return entry.principal;
      if (entry) entries.delete(token);
      return undefined;
    },
    remember(token: string, principal: Principal, expiresAt: number): Principal {
      if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
      entries.set(token, { principal, until: Math.min(expiresAt, Date.now() + rememberMs) });
      return principal;
    },
  };
}

function principalOf(payload: JWTPayload): Principal {
  const claims = payload as JWTPayload & {
    azp?: string;
    realm_access?: { roles?: string[] };
    preferred_username?: string;
    email?: string;
    name?: string;
  };
  const audience = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
  return {
    subject: payload.sub!,
    roles: claims.realm_access?.roles ?? [],
    audience,
    clientId: claims.azp ?? "",
    kind: claims.preferred_username?.startsWith("service-account-") ? "service" : "user",
    ...(claims.email ? { email: claims.email } : {}),
    ...(claims.name ? { name: claims.name } : {}),
  };
}

function reason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "access token expired";
  if (err instanceof errors.JWTClaimValidationFailed) return `access token not accepted here (${err.claim} claim)`;
  if (err instanceof errors.JOSEAlgNotAllowed) return "access token algorithm not allowed";
  if (err instanceof errors.JWKSNoMatchingKey) return "access token signed with an unknown key";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "access token signature is invalid";
  if (err instanceof errors.JWKSTimeout || (err instanceof errors.JOSEError && err.code === "ERR_JWKS_INVALID"))
    return "cannot verify access tokens right now";
  return "malformed access token";
}

/** The token of an `Authorization: Bearer …` header; undefined when there is none. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  if (!m) throw new AppError("UNAUTHENTICATED", "the Authorization header must be `Bearer <access token>`");
  return m[1];
}

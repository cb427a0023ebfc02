import { AppError } from "../errors/app-error";
import { upstreamPolicies } from "../resilience/upstream-policies";
import type { UpstreamFailureKinds, UpstreamPolicy } from "../resilience/upstream-policy";

export interface ClientCredentialsOptions {
  /** e.g. http://127.0.0.1:8080/realms/emporium */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Refresh this long before expiry, so a token never expires in flight. */
  refreshBeforeExpiryMs?: number;
  /** After a failed fetch, fail fast for this long instead of asking Keycloak again. */
  failureCooldownMs?: number;
  /** Each request's deadline (default: the identity provider's upstream policy, 5 s). */
  timeoutMs?: number;
  clock?: () => number;
  fetch?: typeof fetch;
  /** Retry and breaker of the token requests (default: the process's "identity-provider" policy). */
  policy?: UpstreamPolicy;
}

export interface TokenSource {
  token(): Promise<string>;
}

/**
 * A service's own access token (OAuth client credentials): fetched once, shared by concurrent
 * callers, reused until shortly before it expires. When Keycloak is down, callers fail fast with
 * UNAVAILABLE for a cooldown rather than each sending a request (no storm).
 *
 * The requests run under the identity provider's upstream policy: an unreachable, timed-out or 5xx
 * token endpoint is asked again with full-jitter backoff (a token request changes nothing, so it is
 * safe to repeat) a few times; failures in a row open its breaker. A refusal (4xx: a wrong secret)
 * is never retried.
 */
export function clientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  const now = options.clock ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const skew = options.refreshBeforeExpiryMs ?? 30_000;
  const cooldown = options.failureCooldownMs ?? 5_000;
  const policy =
    options.policy ?? upstreamPolicies.for("identity-provider", tokenEndpointFailures, "the identity provider");
  const timeoutMs = options.timeoutMs ?? policy.config.timeoutMs;
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  let failedUntil = 0;
  let lastFailure = "";

  async function fetchToken(): Promise<string> {
    const started = now();
    let res: Response;
    try {
      res = await doFetch(`${options.issuer}/protocol/openid-connect/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: options.clientId,
          client_secret: options.clientSecret,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new TokenEndpointFailure(`identity provider unreachable: ${(err as Error).message}`, undefined, err);
    }
    if (!res.ok)
      throw new TokenEndpointFailure(
        `identity provider refused client ${options.clientId}: HTTP ${res.status}`,
        res.status,
      );
    const body = (await res.json()) as { access_token: string; expires_in: number };
    cached = { token: body.access_token, refreshAt: started + body.expires_in * 1000 - skew };
    return body.access_token;
  }

  return {
    async token() {
      if (cached && now() < cached.refreshAt) return cached.token;
      if (now() < failedUntil) throw new AppError("UNAVAILABLE", `${lastFailure} (not retrying for a few seconds)`);
      inflight ??= policy
        .execute(fetchToken, { idempotent: true })
        .catch((err: Error) => {
          failedUntil = now() + cooldown;
          lastFailure = err.message;
          throw err instanceof AppError ? err : new AppError("UNAVAILABLE", err.message);
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
  };
}

/** A token request that failed: `status` is the HTTP status, absent when no answer came. */
class TokenEndpointFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Unreachable, timed out, 5xx or 429: the identity provider is unhealthy. Connection refused: never sent. */
const tokenEndpointFailures: UpstreamFailureKinds = {
  unhealthy: (err) =>
    err instanceof TokenEndpointFailure && (err.status === undefined || err.status >= 500 || err.status === 429),
  neverSent: (err) => err instanceof TokenEndpointFailure && /ECONNREFUSED/.test(String(causeCode(err.cause))),
};

function causeCode(err: unknown): unknown {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code ?? (err as { code?: unknown } | undefined)?.code;
}

/** The service's own tokens: its Keycloak client is named like the service (the realm's convention). */
export function serviceTokens(config: { service: string; authIssuer: string; clientSecret: string }): TokenSource {
  return clientCredentialsTokenSource({
    issuer: config.authIssuer,
    clientId: config.service,
    clientSecret: config.clientSecret,
  });
}

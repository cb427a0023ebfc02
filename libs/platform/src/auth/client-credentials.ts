import { AppError } from "../errors/app-error";

export interface ClientCredentialsOptions {
  /** e.g. http://127.0.0.1:8080/realms/emporium */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Refresh this long before expiry, so a token never expires in flight. */
  refreshBeforeExpiryMs?: number;
  /** After a failed fetch, fail fast for this long instead of asking Keycloak again. */
  failureCooldownMs?: number;
  timeoutMs?: number;
  clock?: () => number;
  fetch?: typeof fetch;
}

export interface TokenSource {
  token(): Promise<string>;
}

/**
 * A service's own access token (OAuth client credentials): fetched once, shared by concurrent
 * callers, reused until shortly before it expires. When Keycloak is down, callers fail fast with
 * UNAVAILABLE for a cooldown rather than each sending a request (no storm).
 */
export function clientCredentialsTokenSource(options: ClientCredentialsOptions): TokenSource {
  const now = options.clock ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const skew = options.refreshBeforeExpiryMs ?? 30_000;
  const cooldown = options.failureCooldownMs ?? 5_000;
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
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (err) {
      throw new AppError("UNAVAILABLE", `identity provider unreachable: ${(err as Error).message}`);
    }
    if (!res.ok)
      throw new AppError("UNAVAILABLE", `identity provider refused client ${options.clientId}: HTTP ${res.status}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    cached = { token: body.access_token, refreshAt: started + body.expires_in * 1000 - skew };
    return body.access_token;
  }

  return {
    async token() {
      if (cached && now() < cached.refreshAt) return cached.token;
      if (now() < failedUntil) throw new AppError("UNAVAILABLE", `${lastFailure} (not retrying for a few seconds)`);
      inflight ??= fetchToken()
        .catch((err: AppError) => {
          failedUntil = now() + cooldown;
          lastFailure = err.message;
          throw err;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
  };
}

/** The service's own tokens: its Keycloak client is named like the service (the realm's convention). */
export function serviceTokens(config: { service: string; authIssuer: string; clientSecret: string }): TokenSource {
  return clientCredentialsTokenSource({
    issuer: config.authIssuer,
    clientId: config.service,
    clientSecret: config.clientSecret,
  });
}

import { createHash, randomBytes } from "node:crypto";
import type { FixtureUser, TestKeycloak } from "./tokens";

/** The tokens a client holds after signing a user in. */
export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  idToken: string;
}

export interface PkceSignInOptions {
  /** The realm's public client the user signs in through: `web` (default) or `mobile`. */
  clientId?: "web" | "mobile";
}

/**
 * A user's sign-in as a real client does it: OAuth 2.0 authorization code with PKCE (S256) against
 * the realm's public `web` (or `mobile`) client, the login form posted as a browser would (no browser:
 * its cookies carried by hand), the code taken from the redirect and exchanged with the verifier.
 * Unlike `userToken` (the development-only password grant), its tokens are the kind a production
 * deployment accepts.
 */
export async function signInWithPkce(
  kc: TestKeycloak,
  user: FixtureUser,
  options: PkceSignInOptions = {},
): Promise<SignedIn> {
  const clientId = options.clientId ?? "web";
  // Registered as http://127.0.0.1:* for both clients; nothing listens there: the redirect is read, not followed.
  const redirectUri = "http://127.0.0.1:9/signed-in";
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const oidc = `${kc.issuer}/protocol/openid-connect`;
  const cookies = cookieJar();

  const authorize = new URL(`${oidc}/auth`);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: "openid",
    state,
    nonce: randomBytes(16).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const loginPage = await fetch(authorize, { redirect: "manual" });
  cookies.keep(loginPage);
  const page = await loginPage.text();
  if (loginPage.status !== 200) throw new Error(`sign-in page: HTTP ${loginPage.status} ${page.slice(0, 200)}`);

  const login = await fetch(loginFormAction(page), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.header() },
    body: new URLSearchParams({ username: user, password: `dev-only-${user}-password`, credentialId: "" }),
  });
  const location = login.headers.get("location");
  if (login.status !== 302 || !location)
    throw new Error(`sign-in form: HTTP ${login.status} without a redirect (wrong password, or a required action?)`);
  const callback = new URL(location);
  if (callback.searchParams.get("state") !== state) throw new Error(`sign-in redirect lost the state: ${location}`);
  const code = callback.searchParams.get("code");
  if (!code) throw new Error(`sign-in redirect carries no code: ${location}`);

  const exchanged = await fetch(`${oidc}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  const tokens = (await exchanged.json()) as Record<string, string>;
  if (!exchanged.ok) throw new Error(`code exchange: HTTP ${exchanged.status} ${JSON.stringify(tokens)}`);
  return { accessToken: tokens.access_token!, refreshToken: tokens.refresh_token!, idToken: tokens.id_token! };
}

/** The login form's target: Keycloak's page has one form, `kc-form-login`, whose action carries the session. */
function loginFormAction(page: string): string {
  const form = /<form\b[^>]*\bid="kc-form-login"[^>]*>/.exec(page)?.[0];
  const action = form && /\baction="([^"]+)"/.exec(form)?.[1];
  if (!action) throw new Error("the sign-in page has no login form (kc-form-login)");
  return action.replace(/&amp;/g, "&");
}

/** The cookies Keycloak sets (its auth session), sent back with the form as a browser would. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    keep(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const pair = line.split(";", 1)[0]!;
        const eq = pair.indexOf("=");
        if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
      }
    },
    header: () => [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
  };
}

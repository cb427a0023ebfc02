/**
 * The running platform as the benchmark reaches it: through the gateway (GraphQL), Keycloak (users
 * and tokens) and two services' Connect endpoints (addresses, stock), like a client and an operator.
 */

/** What `npm run bench -- checkout|live` hands over in EMPORIUM_BENCH_STACK (infra/local/src/stack-bench.ts). */
export interface BenchStack {
  gatewayUrl: string;
  /** Each BFF's base URL by name (bff-web, bff-mobile). */
  bffUrls: Record<string, string>;
  keycloakUrl: string;
  keycloakAdminPassword: string;
  serviceUrls: Record<string, string>;
  processes: Array<{
    name: string;
    pid: number;
    kind: "service" | "gateway" | "bff" | "postgres" | "rabbitmq" | "keycloak";
  }>;
}

export function benchStackFromEnv(env: NodeJS.ProcessEnv = process.env): BenchStack {
  const raw = env.EMPORIUM_BENCH_STACK;
  if (!raw)
    throw new Error(
      "EMPORIUM_BENCH_STACK is not set: run the benchmark as `npm run bench -- checkout` (or `-- live`) " +
        "while `npm start` runs",
    );
  return JSON.parse(raw) as BenchStack;
}

const TIMEOUT_MS = 30_000;

export class GraphqlError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One GraphQL request to `${baseUrl}/graphql` (the gateway or a BFF); any error becomes a GraphqlError. */
export async function gql<T>(
  baseUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => ({}))) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  const error = body.errors?.[0];
  if (error) throw new GraphqlError(error.extensions?.code ?? `HTTP_${res.status}`, error.message);
  if (!res.ok || !body.data) throw new GraphqlError(`HTTP_${res.status}`, `${baseUrl} answered HTTP ${res.status}`);
  return body.data;
}

/** A Connect unary call in JSON over HTTP/1.1 (what the services serve for curl). */
export async function connectCall<T>(
  baseUrl: string,
  method: string,
  token: string,
  request: Record<string, unknown>,
): Promise<T> {
  const res = await fetch(`${baseUrl}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function form(url: string, fields: Record<string, string>): Promise<Record<string, string>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, string>;
  if (!res.ok) throw new Error(`Keycloak refused ${url}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A person's access token through the realm's development-only password-grant client. */
export async function userToken(keycloakUrl: string, username: string, password: string): Promise<string> {
  const body = await form(`${keycloakUrl}/realms/emporium/protocol/openid-connect/token`, {
    grant_type: "password",
    client_id: "dev-tokens",
    username,
    password,
    scope: "openid",
  });
  return body.access_token!;
}

/** Keycloak's admin REST API for realm emporium, signed in as the platform's bootstrap admin. */
export async function keycloakAdmin(keycloakUrl: string, adminPassword: string) {
  // admin-cli's tokens live 60 s and creating 200 customers takes longer: sign in again every 30 s.
  let signedIn: { token: Promise<string>; at: number } | undefined;
  const adminToken = () => {
    if (!signedIn || Date.now() - signedIn.at > 30_000)
      signedIn = {
        at: Date.now(),
        token: form(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
          grant_type: "password",
          client_id: "admin-cli",
          username: "admin",
          password: adminPassword,
        }).then((body) => body.access_token!),
      };
    return signedIn.token;
  };
  await adminToken();
  const call = async (method: string, apiPath: string, body?: unknown) => {
    const res = await fetch(`${keycloakUrl}/admin/realms/emporium${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return res;
  };
  const ok = async (res: Response, what: string) => {
    if (!res.ok) throw new Error(`Keycloak admin API: ${what} answered HTTP ${res.status}: ${await res.text()}`);
    return res;
  };
  return {
    /** Creates the customer (realm role customer) or resets its password; returns nothing to remember. */
    async ensureCustomer(username: string, password: string): Promise<void> {
      const created = await call("POST", "/users", {
        username,
        email: `${username}@bench.example.test`,
        emailVerified: true,
        firstName: "Bench",
        lastName: username,
        enabled: true,
        credentials: [{ type: "password", value: password, temporary: false }],
      });
      if (created.status !== 201 && created.status !== 409) await ok(created, `creating ${username}`);
      const [user] = (await (
        await ok(await call("GET", `/users?exact=true&username=${encodeURIComponent(username)}`), `finding ${username}`)
      ).json()) as Array<{ id: string }>;
      if (!user) throw new Error(`Keycloak admin API: ${username} was created but cannot be found`);
      if (created.status === 409)
        await ok(
          await call("PUT", `/users/${user.id}/reset-password`, {
            type: "password",
            value: password,
            temporary: false,
          }),
          `setting ${username}'s password`,
        );
      const role = await (await ok(await call("GET", "/roles/customer"), "reading role customer")).json();
      await ok(await call("POST", `/users/${user.id}/role-mappings/realm`, [role]), `granting ${username} customer`);
    },
  };
}

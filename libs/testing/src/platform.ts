import pg from "pg";
import { freePort } from "@emporium/infra-local";
import { startTsProcess, waitForHttpOk, type RunningProcess } from "./processes";

/**
 * The platform as separate processes, exactly as `npm start` runs them, on free ports and a fresh
 * database of the test PostgreSQL, so it never touches a running `npm start` stack.
 */
export interface RunningPlatform {
  gatewayUrl: string;
  catalogHttpUrl: string;
  catalogDatabaseUrl: string;
  processes: RunningProcess[];
  stop(): Promise<void>;
}

export async function startPlatform(adminUrl: string, options: { logLevel?: string; authIssuer?: string } = {}): Promise<RunningPlatform> {
  // Tokens are verified against the test Keycloak when there is one (tests), else the local default.
  const kcUrl = process.env.EMPORIUM_TEST_KEYCLOAK_URL;
  const auth: Record<string, string> = options.authIssuer ? { EMPORIUM_AUTH_ISSUER: options.authIssuer } : kcUrl ? { EMPORIUM_AUTH_ISSUER: `${kcUrl}/realms/emporium` } : {};
  const dbName = `catalog_e2e_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalog_e2e') THEN CREATE ROLE catalog_e2e LOGIN PASSWORD 'e2e'; END IF; END $$`);
  await admin.query(`CREATE DATABASE ${dbName} OWNER catalog_e2e`);
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.username = "catalog_e2e";
  dbUrl.password = "e2e";
  dbUrl.pathname = `/${dbName}`;

  const [rpcPort, httpPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const catalogHttpUrl = `http://127.0.0.1:${httpPort}`;
  const catalog = startTsProcess("services/catalog/src/main.ts", {
    EMPORIUM_CATALOG_DATABASE_URL: dbUrl.toString(),
    EMPORIUM_CATALOG_RPC_PORT: String(rpcPort),
    EMPORIUM_CATALOG_HTTP_PORT: String(httpPort),
    EMPORIUM_SEED: "1",
    EMPORIUM_LOG_LEVEL: options.logLevel ?? "warn",
    ...auth,
  });
  const processes = [catalog];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await a.end();
  };
  try {
    await waitForHttpOk(`${catalogHttpUrl}/readyz`, catalog);
    const gateway = startTsProcess("gateway/src/main.ts", {
      EMPORIUM_GATEWAY_PORT: String(gatewayPort),
      EMPORIUM_CATALOG_GRAPHQL_URL: `${catalogHttpUrl}/graphql`,
      EMPORIUM_LOG_LEVEL: options.logLevel ?? "warn",
      ...auth,
    });
    processes.push(gateway);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    await waitForHttpOk(`${gatewayUrl}/readyz`, gateway);
    return { gatewayUrl, catalogHttpUrl, catalogDatabaseUrl: dbUrl.toString(), processes, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function gatewayQuery<T = Record<string, unknown>>(gatewayUrl: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${gatewayUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> } };
}

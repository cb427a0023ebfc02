import pg from "pg";
import { freePort } from "@emporium/local-servers";
import { SERVICES, envPrefix, type ServiceName } from "@emporium/registry";
import { startTsProcess, waitForHttpOk, type RunningProcess } from "./processes";

/**
 * The platform as separate processes, exactly as `npm start` runs them, on free ports and a fresh
 * database of the test PostgreSQL, so it never touches a running `npm start` stack.
 */
export interface RunningPlatform {
  gatewayUrl: string;
  catalogHttpUrl: string;
  catalogDatabaseUrl: string;
  inventoryHttpUrl: string;
  inventoryRpcUrl: string;
  /** Every service behind the gateway: where it listens, its database, its process. */
  services: Record<PlatformService, PlatformServiceProcess>;
  gateway: RunningProcess;
  processes: RunningProcess[];
  stop(): Promise<void>;
}

/** The services behind the gateway (the registry's), in start order. */
export type PlatformService = ServiceName;

export interface PlatformServiceProcess {
  httpUrl: string;
  rpcUrl: string;
  databaseUrl: string;
  process: RunningProcess;
}

/**
 * `adminUrl`: a PostgreSQL superuser URL, the shared test server's or a throwaway one of the test's
 * own (tests that stop the database). `amqpUrl`: the broker (a test vhost, or a throwaway broker)
 * the services publish and consume through; without it, no events flow. `serviceEnv`: extra
 * settings for every service (e.g. a shorter EMPORIUM_HEALTH_INTERVAL_MS).
 */
export async function startPlatform(
  adminUrl: string,
  options: { logLevel?: string; authIssuer?: string; amqpUrl?: string; serviceEnv?: Record<string, string> } = {},
): Promise<RunningPlatform> {
  // Tokens are verified against the test Keycloak when there is one (tests), else the local default.
  const kcUrl = process.env.EMPORIUM_TEST_KEYCLOAK_URL;
  const auth: Record<string, string> = options.authIssuer
    ? { EMPORIUM_AUTH_ISSUER: options.authIssuer }
    : kcUrl
      ? { EMPORIUM_AUTH_ISSUER: `${kcUrl}/realms/emporium` }
      : {};
  const logLevel = options.logLevel ?? "warn";
  const suffix = `${process.pid}_${Date.now()}`;
  const names = SERVICES.map((s) => s.name);
  const databases = Object.fromEntries(names.map((s) => [s, `${s}_e2e_${suffix}`])) as Record<PlatformService, string>;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'platform_e2e') THEN CREATE ROLE platform_e2e LOGIN PASSWORD 'e2e'; END IF; END $$`,
  );
  for (const db of Object.values(databases)) await admin.query(`CREATE DATABASE ${db} OWNER platform_e2e`);
  await admin.end();
  const dbUrl = (db: string) => {
    const url = new URL(adminUrl);
    url.username = "platform_e2e";
    url.password = "e2e";
    url.pathname = `/${db}`;
    return url.toString();
  };

  const processes: RunningProcess[] = [];
  const stop = async () => {
    for (const p of [...processes].reverse()) await p.stop();
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    for (const db of Object.values(databases)) await a.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await a.end();
  };
  try {
    const httpUrls: Record<string, string> = {};
    const rpcUrls: Record<string, string> = {};
    const started: Partial<Record<PlatformService, RunningProcess>> = {};
    for (const { name: service, seeds } of SERVICES) {
      // A free port can be taken by another test's process before the service binds it: pick again.
      for (let attempt = 1; ; attempt++) {
        const [rpcPort, httpPort] = [await freePort(), await freePort()];
        const prefix = envPrefix(service);
        const proc = startTsProcess(`services/${service}/src/main.ts`, {
          [`${prefix}DATABASE_URL`]: dbUrl(databases[service]),
          [`${prefix}RPC_PORT`]: String(rpcPort),
          [`${prefix}HTTP_PORT`]: String(httpPort),
          ...(seeds ? { EMPORIUM_SEED: "1" } : {}),
          EMPORIUM_LOG_LEVEL: logLevel,
          ...(options.amqpUrl ? { EMPORIUM_AMQP_URL: options.amqpUrl } : {}),
          ...auth,
          ...options.serviceEnv,
        });
        processes.push(proc);
        httpUrls[service] = `http://127.0.0.1:${httpPort}`;
        rpcUrls[service] = `http://127.0.0.1:${rpcPort}`;
        try {
          await waitForHttpOk(`${httpUrls[service]}/readyz`, proc);
          started[service] = proc;
          break;
        } catch (err) {
          processes.splice(processes.indexOf(proc), 1);
          await proc.stop();
          if (attempt >= 3 || !proc.output().includes("EADDRINUSE")) throw err;
        }
      }
    }
    const gatewayPort = await freePort();
    const gateway = startTsProcess("gateway/src/main.ts", {
      EMPORIUM_GATEWAY_PORT: String(gatewayPort),
      ...Object.fromEntries(
        SERVICES.filter((s) => s.subgraph).map((s) => [
          `${envPrefix(s.name)}GRAPHQL_URL`,
          `${httpUrls[s.name]}/graphql`,
        ]),
      ),
      EMPORIUM_LOG_LEVEL: logLevel,
      ...auth,
    });
    processes.push(gateway);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    await waitForHttpOk(`${gatewayUrl}/readyz`, gateway);
    const services = Object.fromEntries(
      names.map((s) => [
        s,
        { httpUrl: httpUrls[s]!, rpcUrl: rpcUrls[s]!, databaseUrl: dbUrl(databases[s]), process: started[s]! },
      ]),
    ) as Record<PlatformService, PlatformServiceProcess>;
    return {
      gatewayUrl,
      catalogHttpUrl: httpUrls.catalog!,
      catalogDatabaseUrl: dbUrl(databases.catalog),
      inventoryHttpUrl: httpUrls.inventory!,
      inventoryRpcUrl: rpcUrls.inventory!,
      services,
      gateway,
      processes,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function gatewayQuery<T = Record<string, unknown>>(
  gatewayUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${gatewayUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as {
      data?: T | null;
      errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
    },
  };
}

import pg from "pg";
import { freePort } from "@emporium/local-servers";
import {
  BFFS,
  SERVICES,
  envPrefix,
  loadTestRateLimitEnv,
  rpcUrlVariable,
  type BffName,
  type ServiceName,
} from "@emporium/registry";
import { startTsProcess, waitForHttpOk, type RunningProcess } from "./processes";
import type { TestVhost } from "./test-vhosts";

/** Services as separate processes, exactly as `npm start` runs them, on free ports and fresh databases. */
export interface RunningServices<Name extends PlatformService = PlatformService> {
  /** Each started service: where it listens, its database, its process. */
  services: Record<Name, PlatformServiceProcess>;
  processes: RunningProcess[];
  /**
   * Ends a service's process and starts it again on the same ports and database, as an
   * orchestrator restarts a crashed container: `kill` SIGKILL (a crash, nothing flushed) or SIGTERM
   * (a graceful stop); `whileDown` runs while it is gone (e.g. checkouts while payments is away);
   * `env` adds or changes settings of the new process. Resolves once the new one is ready.
   */
  restart(name: Name, options?: RestartOptions): Promise<void>;
  /** Stops the processes and drops their databases. */
  stop(): Promise<void>;
}

export interface RestartOptions {
  kill?: "SIGKILL" | "SIGTERM";
  whileDown?: () => Promise<void>;
  env?: Record<string, string>;
}

/** The whole platform: every service in the registry, the gateway and the BFFs in front. */
export interface RunningPlatform extends RunningServices {
  gatewayUrl: string;
  bffWebUrl: string;
  bffMobileUrl: string;
  /** Each BFF's process (`bffs["bff-web"]`), e.g. to read its log after a failure. */
  bffs: Record<BffName, RunningProcess>;
  /** The settings each BFF was started with (its port aside): what `startBffInstance` starts another with. */
  bffEnvs: Record<BffName, Record<string, string>>;
  catalogHttpUrl: string;
  catalogDatabaseUrl: string;
  inventoryHttpUrl: string;
  inventoryRpcUrl: string;
  gateway: RunningProcess;
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
 * `logLevel` of every process; `authIssuer`: the realm whose tokens are accepted (default: the test
 * Keycloak when there is one); the broker the services publish and consume through (without one no
 * events flow): `broker`, a test vhost where each service connects as its own user with the rights
 * `npm start` gives it, or `amqpUrl`, one URL for every service (a throwaway broker of the test's
 * own, as its admin); `serviceEnv`: extra settings for every service (e.g. a shorter
 * EMPORIUM_HEALTH_INTERVAL_MS); `bffEnv`: extra settings for both BFFs (e.g. a longer
 * EMPORIUM_BFF_WEB_CALL_TIMEOUT_MS on a loaded machine); `env`: settings for every process, services,
 * gateway and BFFs alike (e.g. EMPORIUM_ENV=production), which the more specific ones override. Every
 * process gets rate-limit budgets no load exhausts (the registry's loadTestRateLimitEnv): these stacks
 * are loaded on purpose and measure the system; `env`, `serviceEnv` and `bffEnv` can set real ones.
 */
export interface PlatformOptions {
  logLevel?: string;
  env?: Record<string, string>;
  authIssuer?: string;
  broker?: TestVhost;
  amqpUrl?: string;
  serviceEnv?: Record<string, string>;
  bffEnv?: Record<string, string>;
}

/**
 * The platform as separate processes, exactly as `npm start` runs them, on free ports and a fresh
 * database of the test PostgreSQL, so it never touches a running `npm start` stack. `adminUrl`: a
 * PostgreSQL superuser URL, the shared test server's or a throwaway one of the test's own (tests
 * that stop the database).
 */
export async function startPlatform(adminUrl: string, options: PlatformOptions = {}): Promise<RunningPlatform> {
  const running = await startServices(
    adminUrl,
    SERVICES.map((s) => s.name),
    options,
  );
  try {
    const logLevel = options.logLevel ?? "warn";
    const bffEnvs = Object.fromEntries(
      await Promise.all(BFFS.map(async (bff) => [bff.name, await bffEnv(bff.name, running, logLevel, options)])),
    ) as Record<BffName, Record<string, string>>;
    const [gateway, ...bffs] = await Promise.all([
      startGateway(running, logLevel, options),
      ...BFFS.map((bff) => startBff(bff.name, running, bffEnvs[bff.name])),
    ]);
    const { catalog, inventory } = running.services;
    const bffUrl = (name: BffName) => bffs.find((b) => b.name === name)!.url;
    return {
      ...running,
      gatewayUrl: gateway.url,
      bffWebUrl: bffUrl("bff-web"),
      bffMobileUrl: bffUrl("bff-mobile"),
      bffs: Object.fromEntries(bffs.map((b) => [b.name, b.process])) as Record<BffName, RunningProcess>,
      bffEnvs,
      catalogHttpUrl: catalog.httpUrl,
      catalogDatabaseUrl: catalog.databaseUrl,
      inventoryHttpUrl: inventory.httpUrl,
      inventoryRpcUrl: inventory.rpcUrl,
      gateway: gateway.process,
    };
  } catch (err) {
    await running.stop();
    throw err;
  }
}

/** The gateway in front of the started services' subgraphs; resolves once it is ready. */
async function startGateway(running: RunningServices, logLevel: string, options: PlatformOptions) {
  const port = await freePort();
  const proc = startTsProcess("gateway/src/main.ts", {
    EMPORIUM_GATEWAY_PORT: String(port),
    ...Object.fromEntries(
      SERVICES.filter((s) => s.subgraph).map((s) => [
        `${envPrefix(s.name)}GRAPHQL_URL`,
        `${running.services[s.name].httpUrl}/graphql`,
      ]),
    ),
    EMPORIUM_LOG_LEVEL: logLevel,
    ...issuerOf(options),
    ...loadTestRateLimitEnv("gateway"),
    ...options.env,
  });
  running.processes.push(proc);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${url}/readyz`, proc);
  return { url, process: proc };
}

/**
 * What a BFF is started with: where the started services' RPC ports are, and its own broker user
 * (`broker`) or the one URL (`amqpUrl`) for its live feed.
 */
async function bffEnv(name: BffName, running: RunningServices, logLevel: string, options: PlatformOptions) {
  const amqpUrl = options.broker ? await options.broker.bffUrl(name) : options.amqpUrl;
  return {
    ...Object.fromEntries(SERVICES.map((s) => [rpcUrlVariable(s.name), running.services[s.name].rpcUrl])),
    ...(amqpUrl ? { [`${envPrefix(name)}AMQP_URL`]: amqpUrl } : {}),
    EMPORIUM_LOG_LEVEL: logLevel,
    ...issuerOf(options),
    ...loadTestRateLimitEnv(name),
    ...options.env,
    ...options.bffEnv,
  };
}

/** A BFF (`<name>/src/main.ts`) on a free port with `env`; resolves once it is ready. */
async function startBff(name: BffName, running: RunningServices, env: Record<string, string>) {
  const port = await freePort();
  const proc = startTsProcess(`${name}/src/main.ts`, { ...env, [`${envPrefix(name)}PORT`]: String(port) });
  running.processes.push(proc);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${url}/readyz`, proc);
  return { name, url, process: proc };
}

/**
 * One more instance of a BFF against a running platform, as a second replica behind a load
 * balancer: the same settings as the platform's instance (`env` adds or changes some), a port of its
 * own. It is stopped with the platform.
 */
export async function startBffInstance(
  platform: RunningPlatform,
  name: BffName,
  env: Record<string, string> = {},
): Promise<{ url: string; process: RunningProcess }> {
  const { url, process } = await startBff(name, platform, { ...platform.bffEnvs[name], ...env });
  return { url, process };
}

/**
 * Some services (started together), no gateway: a service's own specs with the real
 * services it calls, e.g. `startServices(adminUrl, ["catalog", "customers", "orders"])`. Every
 * service is told where every other started one listens (`EMPORIUM_<NAME>_RPC_URL`).
 */
export async function startServices<Name extends PlatformService>(
  adminUrl: string,
  only: readonly Name[],
  options: PlatformOptions = {},
): Promise<RunningServices<Name>> {
  if (options.broker && options.amqpUrl)
    throw new Error("pass either broker (a test vhost, a user per service) or amqpUrl (one URL for all), not both");
  const selected = SERVICES.filter((s) => (only as readonly string[]).includes(s.name));
  const names = selected.map((s) => s.name as Name);
  const suffix = `${process.pid}_${Date.now()}`;
  const databases = Object.fromEntries(names.map((s) => [s, `${s}_e2e_${suffix}`])) as Record<Name, string>;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'platform_e2e') THEN CREATE ROLE platform_e2e LOGIN PASSWORD 'e2e'; END IF; END $$`,
  );
  for (const db of Object.values<string>(databases)) await admin.query(`CREATE DATABASE ${db} OWNER platform_e2e`);
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
    await Promise.all(processes.map((p) => p.stop()));
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    for (const db of Object.values<string>(databases)) await a.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await a.end();
  };
  try {
    // Every service learns where the others listen before any starts (they call each other later).
    const rpcPorts: Record<string, number> = {};
    for (const name of names) rpcPorts[name] = await freePort();
    const rpcUrls = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${rpcPorts[n]}`]));
    const httpUrls: Record<string, string> = {};
    const started: Partial<Record<Name, RunningProcess>> = {};
    const envOf: Partial<Record<Name, Record<string, string>>> = {};
    const startOne = async ({ name, seeds }: (typeof selected)[number]) => {
      const service = name as Name;
      // A free port can be taken by another test's process before the service binds it: pick again.
      // A service that calls this one then holds the old URL, and its spec fails loudly.
      for (let attempt = 1; ; attempt++) {
        const [rpcPort, httpPort] = [attempt === 1 ? rpcPorts[service]! : await freePort(), await freePort()];
        const prefix = envPrefix(service);
        const amqpUrl = options.broker ? await options.broker.serviceUrl(service) : options.amqpUrl;
        const env = {
          [`${prefix}DATABASE_URL`]: dbUrl(databases[service]),
          [`${prefix}RPC_PORT`]: String(rpcPort),
          [`${prefix}HTTP_PORT`]: String(httpPort),
          ...(seeds ? { EMPORIUM_SEED: "1" } : {}),
          EMPORIUM_LOG_LEVEL: options.logLevel ?? "warn",
          ...(amqpUrl ? { [`${prefix}AMQP_URL`]: amqpUrl } : {}),
          ...issuerOf(options),
          ...Object.fromEntries(names.map((n) => [rpcUrlVariable(n), rpcUrls[n]!])),
          ...loadTestRateLimitEnv(service),
          ...options.env,
          ...options.serviceEnv,
        };
        const proc = startTsProcess(`services/${service}/src/main.ts`, env);
        processes.push(proc);
        httpUrls[service] = `http://127.0.0.1:${httpPort}`;
        rpcUrls[service] = `http://127.0.0.1:${rpcPort}`;
        try {
          await waitForHttpOk(`${httpUrls[service]}/readyz`, proc, 120_000);
          started[service] = proc;
          envOf[service] = env;
          return;
        } catch (err) {
          processes.splice(processes.indexOf(proc), 1);
          await proc.stop();
          if (attempt >= 3 || !proc.output().includes("EADDRINUSE")) throw err;
        }
      }
    };
    // All at once: they do not need each other to start (calls between them come later).
    const outcomes = await Promise.allSettled(selected.map(startOne));
    const failed = outcomes.find((o) => o.status === "rejected");
    if (failed) throw failed.reason;
    const services = Object.fromEntries(
      names.map((s) => [
        s,
        { httpUrl: httpUrls[s]!, rpcUrl: rpcUrls[s]!, databaseUrl: dbUrl(databases[s]), process: started[s]! },
      ]),
    ) as Record<Name, PlatformServiceProcess>;
    const restart = async (name: Name, how: RestartOptions = {}) => {
      const old = services[name].process;
      if (how.kill === "SIGKILL") old.child.kill("SIGKILL");
      await old.stop();
      await how.whileDown?.();
      processes.splice(processes.indexOf(old), 1);
      envOf[name] = { ...envOf[name]!, ...how.env };
      const proc = startTsProcess(`services/${name}/src/main.ts`, envOf[name]!);
      processes.push(proc);
      services[name].process = proc;
      await waitForHttpOk(`${services[name].httpUrl}/readyz`, proc, 120_000);
    };
    return { services, processes, restart, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Tokens are verified against the test Keycloak when there is one (tests), else the local default. */
function issuerOf(options: PlatformOptions): Record<string, string> {
  const kcUrl = process.env.EMPORIUM_TEST_KEYCLOAK_URL;
  if (options.authIssuer) return { EMPORIUM_AUTH_ISSUER: options.authIssuer };
  return kcUrl ? { EMPORIUM_AUTH_ISSUER: `${kcUrl}/realms/emporium` } : {};
}

/** A GraphQL request to `${url}/graphql`: the gateway's, a BFF's, any. */
export async function graphqlQuery<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}/graphql`, {
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

/** A query to the gateway (`gatewayUrl` of the running platform). */
export const gatewayQuery = graphqlQuery;

/** A query to a BFF (`bffWebUrl` or `bffMobileUrl` of the running platform). */
export const bffQuery = graphqlQuery;

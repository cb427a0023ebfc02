import path from "node:path";
import { loadOrCreateSecrets } from "./local-secrets";
import {
  clusterPaths,
  type ClusterSpec,
  type ClusterStatus,
  clusterStatus,
  ensurePostgresInstalled,
  findPostgres,
  initCluster,
  provisionServiceDatabase,
  startCluster,
  stopCluster,
  superuserUrl,
} from "@emporium/local-servers";
import { ensureStateDir, stateDir } from "./state-dir";

/** The platform's own PostgreSQL (what `npm start` runs): `<state>/postgres`, port EMPORIUM_PG_PORT. */

type Log = (line: string) => void;

export const DEFAULT_PG_PORT = 5432;

export function localPostgresPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EMPORIUM_PG_PORT;
  if (raw === undefined || raw === "") return DEFAULT_PG_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`EMPORIUM_PG_PORT must be a port number (1-65535), got ${JSON.stringify(raw)}`);
  return port;
}

export function localClusterDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), "postgres");
}

export interface StartedLocalPostgres {
  cluster: ClusterSpec;
  /** Superuser URL; holds the password, so do not print it. */
  adminUrl: string;
  /** Per requested service: its own database URL (as its own role). */
  databaseUrls: Record<string, string>;
}

/**
 * Installs (if needed and allowed), initialises on first run, starts, and provisions one database per
 * given service. Every step is a no-op when already done.
 */
export async function startLocalPostgres(
  options: { services?: readonly string[]; log?: Log; env?: NodeJS.ProcessEnv } = {},
): Promise<StartedLocalPostgres> {
  const { log = () => undefined, env = process.env, services = [] } = options;
  const port = localPostgresPort(env);
  const installation = await ensurePostgresInstalled(log);
  log(`==> PostgreSQL ${installation.version} (${installation.binDir})`);
  const state = ensureStateDir(stateDir(env));
  const secrets = loadOrCreateSecrets(state, { services });
  const cluster: ClusterSpec = { binDir: installation.binDir, dir: localClusterDir(env), port };
  if ((await initCluster(cluster, { superuserPassword: secrets.postgresSuperuserPassword }, log)) === "exists") {
    log(`==> using the existing cluster in ${clusterPaths(cluster.dir).dataDir}`);
  }
  if ((await startCluster(cluster, log)) === "already-running") {
    // Connect where it really listens, even if EMPORIUM_PG_PORT changed since it was started.
    cluster.port = (await clusterStatus(cluster)).port ?? port;
  }
  const adminUrl = superuserUrl(cluster.port, secrets.postgresSuperuserPassword);
  const databaseUrls: Record<string, string> = {};
  for (const service of services) {
    const db = await provisionServiceDatabase(adminUrl, { service, password: secrets.servicePasswords[service]! });
    log(`==> database ${db.database} (role ${db.role}) ${db.created.database ? "created" : "ready"}`);
    databaseUrls[service] = db.databaseUrl;
  }
  return { cluster, adminUrl, databaseUrls };
}

/** The cluster spec when PostgreSQL is installed, without installing anything. */
async function existingCluster(env: NodeJS.ProcessEnv): Promise<ClusterSpec | undefined> {
  const installation = await findPostgres();
  return installation && { binDir: installation.binDir, dir: localClusterDir(env), port: localPostgresPort(env) };
}

export async function stopLocalPostgres(
  options: { log?: Log; env?: NodeJS.ProcessEnv } = {},
): Promise<"stopped" | "not-running"> {
  const { log = () => undefined, env = process.env } = options;
  const cluster = await existingCluster(env);
  if (!cluster) {
    log("==> PostgreSQL is not installed; nothing to stop");
    return "not-running";
  }
  return stopCluster(cluster, log);
}

export async function localPostgresStatus(
  env: NodeJS.ProcessEnv = process.env,
): Promise<(ClusterStatus & { installed: true; version: string }) | { installed: false }> {
  const installation = await findPostgres();
  if (!installation) return { installed: false };
  const status = await clusterStatus({
    binDir: installation.binDir,
    dir: localClusterDir(env),
    port: localPostgresPort(env),
  });
  return { ...status, installed: true, version: installation.version };
}

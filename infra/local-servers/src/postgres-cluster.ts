import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describePortOwner, isPortFree, PortInUseError } from "./port-check";
import { CommandError, runCommand, type RunOptions } from "./run-command";

/**
 * One PostgreSQL cluster that Emporium owns outright: its own directory, port and socket, so it never
 * collides with a system cluster (Debian's 15/main, /var/run/postgresql) or with other test clusters.
 *
 * Layout of `dir`: data/ (PGDATA), run/ (unix socket and its lock), postgres.log.
 */
export interface ClusterSpec {
  /** Directory holding initdb and pg_ctl (see findPostgres). */
  binDir: string;
  dir: string;
  port: number;
  /** Tests only: trade durability for speed (fsync off). Never for data you want to keep. */
  ephemeral?: boolean;
  /** The setting to name when the port is taken; defaults to EMPORIUM_PG_PORT. */
  portSetting?: string;
}

export interface ClusterStatus {
  initialized: boolean;
  running: boolean;
  pid?: number;
  /** The port the running server listens on (may differ from the spec if the spec changed since). */
  port?: number;
  dataDir: string;
  logFile: string;
}

type Log = (line: string) => void;
const quiet: Log = () => undefined;

export const SUPERUSER = "postgres";
/** PostgreSQL refuses to run as root; as root we hand the cluster to this system user. */
const SYSTEM_USER = "postgres";
const CONF_FILE = "emporium.conf";

export function clusterPaths(dir: string): { dataDir: string; socketDir: string; logFile: string } {
  return { dataDir: path.join(dir, "data"), socketDir: path.join(dir, "run"), logFile: path.join(dir, "postgres.log") };
}

/** The superuser's connection URL over TCP on loopback (the only way in besides the private socket). */
export function superuserUrl(port: number, password: string, database = "postgres"): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

const isRoot = (): boolean => process.getuid?.() === 0;

async function systemUser(): Promise<{ uid: number; gid: number }> {
  try {
    const uid = Number((await runCommand("id", ["-u", SYSTEM_USER])).stdout.trim());
    const gid = Number((await runCommand("id", ["-g", SYSTEM_USER])).stdout.trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `PostgreSQL refuses to run as root and there is no "${SYSTEM_USER}" system user to run it as.\n` +
        `Create one (\`useradd --system --home-dir /var/lib/postgresql ${SYSTEM_USER}\`, which installing Debian's postgresql package also does) or run as a normal user.`,
    );
  }
}

function runTool(cluster: ClusterSpec, tool: string, args: string[], options: RunOptions = {}) {
  const file = path.join(cluster.binDir, tool);
  // cwd inside the cluster: as the postgres user, the caller's cwd (e.g. under /root) may be unreadable.
  const run = { cwd: cluster.dir, ...options };
  return isRoot() ? runCommand("runuser", ["-u", SYSTEM_USER, "--", file, ...args], run) : runCommand(file, args, run);
}

/** Creates the cluster's directories and, as root, hands them to the postgres user and checks it can get there. */
async function prepareDirectories(cluster: ClusterSpec): Promise<void> {
  const { dataDir, socketDir } = clusterPaths(cluster.dir);
  for (const dir of [cluster.dir, dataDir, socketDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isRoot()) return;
  const { uid, gid } = await systemUser();
  for (const dir of [cluster.dir, dataDir, socketDir]) chownSync(dir, uid, gid);
  const reachable = await runCommand("runuser", ["-u", SYSTEM_USER, "--", "test", "-w", cluster.dir], {
    cwd: "/",
    okCodes: [0, 1],
  });
  if (reachable.code !== 0) {
    throw new Error(
      `the "${SYSTEM_USER}" system user cannot reach ${cluster.dir}: a parent directory is not traversable by it (home directories such as /root usually are not).\n` +
        "Put the cluster somewhere it can reach, e.g. set EMPORIUM_STATE_DIR=/var/lib/emporium (or TMPDIR=/tmp for test clusters).",
    );
  }
}

/** Writes a file into the cluster directory owned by the user the server runs as. */
async function writeClusterFile(cluster: ClusterSpec, file: string, content: string): Promise<void> {
  writeFileSync(file, content, { mode: 0o600 });
  if (isRoot()) {
    const { uid, gid } = await systemUser();
    chownSync(file, uid, gid);
  }
}

function installedMajor(binDir: string): string | undefined {
  return /\/(\d+)\/bin\/?$/.exec(binDir)?.[1];
}

/**
 * initdb, once. Password authentication (SCRAM) everywhere, also on the socket, so the cluster works
 * the same whichever OS user connects; the superuser is "postgres" with the given password.
 */
export async function initCluster(
  cluster: ClusterSpec,
  options: { superuserPassword: string },
  log: Log = quiet,
): Promise<"created" | "exists"> {
  const { dataDir } = clusterPaths(cluster.dir);
  const versionFile = path.join(dataDir, "PG_VERSION");
  if (existsSync(versionFile)) {
    const clusterMajor = readFileSync(versionFile, "utf8").trim();
    const binMajor = installedMajor(cluster.binDir);
    if (binMajor && binMajor !== clusterMajor) {
      throw new Error(
        `the cluster in ${dataDir} was created by PostgreSQL ${clusterMajor} but the binaries in ${cluster.binDir} are PostgreSQL ${binMajor}.\n` +
          `Install PostgreSQL ${clusterMajor} again, or move ${cluster.dir} away to start from an empty cluster.`,
      );
    }
    return "exists";
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away and retry`);
  }
  log(`==> creating a PostgreSQL cluster in ${dataDir}`);
  await prepareDirectories(cluster);
  // initdb reads the password from a file; one only its owner can read, deleted right after.
  const pwFile = path.join(cluster.dir, ".initdb-password");
  await writeClusterFile(cluster, pwFile, `${options.superuserPassword}\n`);
  try {
    await runTool(cluster, "initdb", [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      "--auth-host=scram-sha-256",
      "--auth-local=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      ...(cluster.ephemeral ? ["--no-sync"] : []),
    ]);
  } finally {
    rmSync(pwFile, { force: true });
  }
  // Our settings live in their own file, rewritten at each start, so postgresql.conf stays stock.
  appendFileSync(
    path.join(dataDir, "postgresql.conf"),
    `\n# Emporium: listen address, port, socket dir, test settings\ninclude_if_exists = '${CONF_FILE}'\n`,
  );
  return "created";
}

function confString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

function settings(cluster: ClusterSpec): string {
  const { socketDir } = clusterPaths(cluster.dir);
  const lines = [
    "# Written by Emporium (infra/local-servers/src/postgres-cluster.ts) at every start: edits here are lost.",
    "listen_addresses = '127.0.0.1'",
    `port = ${cluster.port}`,
    `unix_socket_directories = ${confString(socketDir)}`,
    "unix_socket_permissions = 0700",
    "password_encryption = 'scram-sha-256'",
  ];
  if (cluster.ephemeral) {
    lines.push(
      "# Throwaway test cluster: a crash may lose it, which is fine; speed matters more.",
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      // Every jest worker holds a few pools at once.
      "max_connections = 200",
    );
  }
  return `${lines.join("\n")}\n`;
}

function logTail(logFile: string, lines = 20): string {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

export async function clusterStatus(cluster: ClusterSpec): Promise<ClusterStatus> {
  const { dataDir, logFile } = clusterPaths(cluster.dir);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) return { initialized: false, running: false, dataDir, logFile };
  // 0 = running, 3 = not running, 4 = no accessible data directory.
  const result = await runTool(cluster, "pg_ctl", ["status", `--pgdata=${dataDir}`], { okCodes: [0, 3, 4] });
  if (result.code !== 0) return { initialized: true, running: false, dataDir, logFile };
  const pid = Number(/PID: (\d+)/.exec(result.stdout)?.[1]);
  // postmaster.pid: line 4 is the port the server actually listens on.
  const port = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[3]);
  return { initialized: true, running: true, pid: pid || undefined, port: port || undefined, dataDir, logFile };
}

/** Starts the server and waits until it accepts connections. Already running: nothing to do. */
export async function startCluster(cluster: ClusterSpec, log: Log = quiet): Promise<"started" | "already-running"> {
  const { dataDir, socketDir, logFile } = clusterPaths(cluster.dir);
  const status = await clusterStatus(cluster);
  if (!status.initialized)
    throw new Error(`there is no PostgreSQL cluster in ${dataDir}: initialize it first (initCluster)`);
  if (status.running) {
    log(`==> PostgreSQL is already running (pid ${status.pid}, 127.0.0.1:${status.port})`);
    if (status.port !== cluster.port)
      log(`    it listens on ${status.port}, not ${cluster.port}: stop and start it again to move it`);
    return "already-running";
  }
  // sun_path holds 108 bytes; PostgreSQL fails with a vague message when the socket path is longer.
  const socketPath = path.join(socketDir, `.s.PGSQL.${cluster.port}`);
  if (Buffer.byteLength(socketPath) > 103) {
    throw new Error(
      `the socket path ${socketPath} is too long for a unix socket; use a shorter directory for the cluster`,
    );
  }
  const setting = cluster.portSetting ?? "EMPORIUM_PG_PORT";
  if (!(await isPortFree(cluster.port)))
    throw new PortInUseError(cluster.port, setting, await describePortOwner(cluster.port));
  await prepareDirectories(cluster);
  await writeClusterFile(cluster, path.join(dataDir, CONF_FILE), settings(cluster));
  log(`==> starting PostgreSQL on 127.0.0.1:${cluster.port} (log: ${logFile})`);
  try {
    await runTool(cluster, "pg_ctl", [
      "start",
      "--wait",
      "--timeout=60",
      "--silent",
      `--pgdata=${dataDir}`,
      `--log=${logFile}`,
    ]);
  } catch (err) {
    const tail = logTail(logFile);
    // Lost a race for the port between our check and the server's bind.
    if (/could not bind .*Address already in use/.test(tail))
      throw new PortInUseError(cluster.port, setting, await describePortOwner(cluster.port));
    const reason = err instanceof CommandError ? err.message : String(err);
    throw new Error(`PostgreSQL did not start: ${reason}${tail ? `\n--- last lines of ${logFile} ---\n${tail}` : ""}`);
  }
  log(`==> PostgreSQL is ready on 127.0.0.1:${cluster.port}`);
  return "started";
}

/** Fast shutdown: open transactions are rolled back, clients disconnected. Not running: nothing to do. */
export async function stopCluster(cluster: ClusterSpec, log: Log = quiet): Promise<"stopped" | "not-running"> {
  const status = await clusterStatus(cluster);
  if (!status.running) {
    log("==> PostgreSQL is not running");
    return "not-running";
  }
  log(`==> stopping PostgreSQL (pid ${status.pid})`);
  await runTool(cluster, "pg_ctl", [
    "stop",
    "--wait",
    "--timeout=60",
    "--silent",
    "--mode=fast",
    `--pgdata=${status.dataDir}`,
  ]);
  log("==> PostgreSQL stopped");
  return "stopped";
}

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describePortOwner, isPortFree, PortInUseError } from "./port-check";
import { alive } from "./process-alive";

type Log = (line: string) => void;

export interface KeycloakServerOptions {
  home: string;
  httpPort: number;
  managementPort: number;
  adminUser: string;
  adminPassword: string;
  log?: Log;
  /** Outlive the caller (npm start): pid file and log file. Otherwise a child of the caller. */
  detached?: { pidFile: string; logFile: string };
  /**
   * The PostgreSQL database it keeps its state in (`postgresql://role:password@host:port/db`), so users,
   * sessions and signing keys survive a restart. Every Keycloak here runs on PostgreSQL, tests too:
   * the database kind is a build option, and one kind means one build of the installation.
   */
  postgresUrl: string;
  /** Environment variable names that move the ports, for the "port taken" message. */
  portSettings?: { http: string; management: string };
}

export interface RunningKeycloak {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Keycloak in development mode on PostgreSQL (see `postgresUrl`). Bound to loopback, with a fixed hostname so the `iss` claim is the
 * same whichever address a client used. kc.sh execs java, so the pid we hold is the JVM and SIGTERM
 * stops it cleanly.
 */
export async function startKeycloakServer(options: KeycloakServerOptions): Promise<RunningKeycloak> {
  const { httpPort, managementPort, log = () => undefined } = options;
  const settings = options.portSettings ?? {
    http: "EMPORIUM_KEYCLOAK_PORT",
    management: "EMPORIUM_KEYCLOAK_MANAGEMENT_PORT",
  };
  for (const [port, setting] of [
    [httpPort, settings.http],
    [managementPort, settings.management],
  ] as const) {
    if (!(await isPortFree(port))) throw new PortInUseError(port, setting, await describePortOwner(port), "Keycloak");
  }
  const database = postgresSettings(options.postgresUrl);
  const args = [
    "start-dev",
    ...database.args,
    "--http-host=127.0.0.1",
    `--http-port=${httpPort}`,
    `--hostname=http://127.0.0.1:${httpPort}`,
    "--http-management-host=127.0.0.1",
    `--http-management-port=${managementPort}`,
    "--health-enabled=true",
    "--log-level=warn,io.quarkus:info",
  ];
  const env = {
    ...process.env,
    KC_BOOTSTRAP_ADMIN_USERNAME: options.adminUser,
    KC_BOOTSTRAP_ADMIN_PASSWORD: options.adminPassword,
    // Enough for a development realm; the default would size the heap from the machine's memory.
    JAVA_OPTS_KC_HEAP: "-Xms128m -Xmx512m",
    ...database.env,
  };
  let output = "";
  let logFile: string | undefined;
  const child = (() => {
    if (options.detached) {
      logFile = options.detached.logFile;
      mkdirSync(path.dirname(logFile), { recursive: true });
      const out = openSync(logFile, "a");
      const c = spawn(path.join(options.home, "bin", "kc.sh"), args, {
        env,
        stdio: ["ignore", out, out],
        detached: true,
      });
      c.unref();
      writeFileSync(options.detached.pidFile, `${c.pid}\n`);
      return c;
    }
    const c = spawn(path.join(options.home, "bin", "kc.sh"), args, { env, stdio: ["ignore", "pipe", "pipe"] });
    c.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    c.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    return c;
  })();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const tail = () =>
    (logFile && existsSync(logFile) ? readFileSync(logFile, "utf8") : output)
      .trimEnd()
      .split("\n")
      .slice(-25)
      .join("\n");
  log(`==> starting Keycloak on 127.0.0.1:${httpPort} (management ${managementPort}; takes 15-60 s)`);
  // The first start on a new database also creates Keycloak's schema, and the first start of a new
  // installation builds it: minutes on a busy 2-core machine.
  const limitSeconds = 420;
  const deadline = Date.now() + limitSeconds * 1000;
  for (;;) {
    if (child.exitCode !== null) {
      // Keycloak binds its ports only after seconds of booting: another process may take one first.
      const lostPort = /Port already bound: (\d+)/.exec(tail())?.[1];
      if (lostPort) {
        const setting = Number(lostPort) === managementPort ? settings.management : settings.http;
        throw new PortInUseError(Number(lostPort), setting, await describePortOwner(Number(lostPort)), "Keycloak");
      }
      throw new Error(`Keycloak exited during start-up:\n${tail()}`);
    }
    const ready = await fetch(`http://127.0.0.1:${managementPort}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Keycloak was not ready within ${limitSeconds} s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  log(`==> Keycloak is ready on http://127.0.0.1:${httpPort}`);
  return {
    url: `http://127.0.0.1:${httpPort}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
      if (options.detached) rmSync(options.detached.pidFile, { force: true });
    },
  };
}

/** Keycloak's database options for a postgresql:// URL; the password goes by environment, not argv (ps). */
function postgresSettings(postgresUrl: string): { args: string[]; env: Record<string, string> } {
  const url = new URL(postgresUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  if (!url.hostname || !database) throw new Error("Keycloak's database URL needs a host and a database name");
  return {
    args: [
      "--db=postgres",
      `--db-url=jdbc:postgresql://${url.host}/${encodeURIComponent(database)}`,
      `--db-username=${decodeURIComponent(url.username)}`,
    ],
    env: { KC_DB_PASSWORD: decodeURIComponent(url.password) },
  };
}

/** The pid in the file, if it is still a live Keycloak (a reused pid is not ours to signal). */
export function keycloakPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (cmdline.includes("keycloak") || cmdline.includes("kc.sh") || cmdline.includes("-Dkc.")) return pid;
  } catch {
    // gone
  }
  rmSync(pidFile, { force: true });
  return undefined;
}

export async function stopKeycloakServer(
  pidFile: string,
  log: Log = () => undefined,
): Promise<"stopped" | "not-running"> {
  const pid = keycloakPid(pidFile);
  if (!pid) {
    log("==> Keycloak not running");
    return "not-running";
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) process.kill(pid, "SIGKILL");
  rmSync(pidFile, { force: true });
  log("==> Keycloak stopped");
  return "stopped";
}

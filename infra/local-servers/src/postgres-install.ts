import { accessSync, constants, readdirSync } from "node:fs";
import path from "node:path";
import { runCommand } from "./run-command";

export interface PostgresInstallation {
  /** Directory holding initdb, pg_ctl, postgres. */
  binDir: string;
  /** Full server version, e.g. "15.18". */
  version: string;
  major: number;
}

type Log = (line: string) => void;

/** Debian/Ubuntu install server binaries per major version; they are not on PATH. */
const DEBIAN_ROOT = "/usr/lib/postgresql";

function hasServerTools(binDir: string): boolean {
  try {
    for (const tool of ["initdb", "pg_ctl", "postgres"]) accessSync(path.join(binDir, tool), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidateBinDirs(): string[] {
  let majors: string[] = [];
  try {
    majors = readdirSync(DEBIAN_ROOT).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    // No Debian layout: fall back to whatever pg_config says below.
  }
  return majors.sort((a, b) => Number(b) - Number(a)).map((v) => path.join(DEBIAN_ROOT, v, "bin"));
}

async function describe(binDir: string): Promise<PostgresInstallation> {
  const { stdout } = await runCommand(path.join(binDir, "pg_ctl"), ["--version"]);
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(stdout);
  if (!match)
    throw new Error(
      `could not read the PostgreSQL version from \`${path.join(binDir, "pg_ctl")} --version\`: ${stdout.trim()}`,
    );
  return { binDir, version: match[2] === undefined ? match[1]! : `${match[1]}.${match[2]}`, major: Number(match[1]) };
}

/** The newest installed PostgreSQL server, or undefined when there is none. */
export async function findPostgres(): Promise<PostgresInstallation | undefined> {
  const binDir = candidateBinDirs().find(hasServerTools);
  if (binDir) return describe(binDir);
  // Non-Debian systems usually put the server next to pg_config on PATH.
  const fromPgConfig = await runCommand("pg_config", ["--bindir"]).then(
    (r) => r.stdout.trim(),
    () => undefined,
  );
  if (fromPgConfig && hasServerTools(fromPgConfig)) return describe(fromPgConfig);
  return undefined;
}

/**
 * Finds the PostgreSQL server binaries, installing Debian's `postgresql` package when there are none
 * and we may (root). A normal user gets told what to install instead of a sudo prompt.
 */
export async function ensurePostgresInstalled(log: Log = () => undefined): Promise<PostgresInstallation> {
  const found = await findPostgres();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or via pg_config.\n" +
        "Install them, e.g. `sudo apt-get install -y postgresql` (Debian/Ubuntu) or your system's postgresql server package, then retry.",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  log("==> installing PostgreSQL: apt-get update");
  await runCommand("apt-get", ["update"], { env, stream: true });
  log("==> installing PostgreSQL: apt-get install -y postgresql");
  await runCommand("apt-get", ["install", "-y", "postgresql"], { env, stream: true });
  const installed = await findPostgres();
  if (!installed)
    throw new Error("apt-get installed `postgresql` but no server binaries appeared under /usr/lib/postgresql/*/bin");
  // Debian creates (and on systemd hosts starts) its own "main" cluster on 5432; ours is separate.
  log(
    `==> installed PostgreSQL ${installed.version}; if Debian started its own cluster on 5432, stop it with \`pg_ctlcluster ${installed.major} main stop\``,
  );
  return installed;
}

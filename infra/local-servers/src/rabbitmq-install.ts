import { accessSync, constants, realpathSync } from "node:fs";
import path from "node:path";
import { runCommand } from "./run-command";

type Log = (line: string) => void;

export interface RabbitmqInstallation {
  /** Directory holding rabbitmq-server and rabbitmqctl, runnable by the current user. */
  binDir: string;
  /** e.g. "3.10.8", or "unknown" when the layout does not say. */
  version: string;
}

/**
 * Debian's /usr/sbin/rabbitmq-* are wrappers that switch to the `rabbitmq` user and its home (and
 * refuse anyone else). Our nodes run as the caller, with their own directories, so we use the real
 * scripts behind them; other installs (generic tarball, Homebrew) have the scripts on PATH.
 */
const DEBIAN_SCRIPTS = "/usr/lib/rabbitmq/bin";

function runnable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function binDirOnPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    if (runnable(path.join(dir, "rabbitmq-server")) && runnable(path.join(dir, "rabbitmqctl"))) return dir;
  }
  return undefined;
}

/** The scripts resolve to …/rabbitmq_server-<version>/sbin/ in both the Debian and tarball layouts. */
function versionOf(binDir: string): string {
  try {
    return /rabbitmq_server-(\d+(?:\.\d+)*)/.exec(realpathSync(path.join(binDir, "rabbitmq-server")))?.[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The installed RabbitMQ server, or undefined when there is none. */
export function findRabbitmq(env: NodeJS.ProcessEnv = process.env): RabbitmqInstallation | undefined {
  const binDir = runnable(path.join(DEBIAN_SCRIPTS, "rabbitmq-server")) ? DEBIAN_SCRIPTS : binDirOnPath(env);
  return binDir ? { binDir, version: versionOf(binDir) } : undefined;
}

/**
 * Finds RabbitMQ, installing Debian's `rabbitmq-server` package when it is missing and we may (root).
 * A normal user gets told what to install instead of a sudo prompt.
 */
export async function ensureRabbitmqInstalled(log: Log = () => undefined): Promise<RabbitmqInstallation> {
  const found = findRabbitmq();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `RabbitMQ (rabbitmq-server, rabbitmqctl) was not found in ${DEBIAN_SCRIPTS} or on PATH.\n` +
        "Install it, e.g. `sudo apt-get install -y rabbitmq-server` (Debian/Ubuntu) or your system's RabbitMQ 3.10+ package, then retry.",
    );
  }
  // policy-rc.d or not, Debian may start its own node (rabbit@<host>, port 5672); ours are separate.
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  log("==> installing RabbitMQ: apt-get update");
  await runCommand("apt-get", ["update"], { env, stream: true });
  log("==> installing RabbitMQ: apt-get install -y rabbitmq-server (about 25 s)");
  await runCommand("apt-get", ["install", "-y", "rabbitmq-server"], { env, stream: true });
  const installed = findRabbitmq();
  if (!installed)
    throw new Error(`apt-get installed \`rabbitmq-server\` but its scripts did not appear in ${DEBIAN_SCRIPTS}`);
  log(
    `==> installed RabbitMQ ${installed.version}; if Debian started its own node on 5672, stop it with \`systemctl stop rabbitmq-server\``,
  );
  return installed;
}

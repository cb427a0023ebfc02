import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describePortOwner, isPortFree } from "./port-check";

/** A platform process `npm start` supervises: started detached, tracked by pid file, probed for readiness. */
export interface ProcessSpec {
  name: string;
  /** Entry point relative to the repository root, run with `node --import tsx`. */
  entry: string;
  env: Record<string, string>;
  /** Ports it will bind, with the variable that moves each one. */
  ports: Array<{ port: number; what: string; envVar: string }>;
  readyUrl: string;
}

export type Log = (line: string) => void;

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

export class Supervisor {
  constructor(private readonly state: string) {
    mkdirSync(this.runDir, { recursive: true });
    mkdirSync(this.logDir, { recursive: true });
  }

  get runDir(): string {
    return path.join(this.state, "run");
  }

  get logDir(): string {
    return path.join(this.state, "logs");
  }

  logFile(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  /** The pid of our process, if the pid file names a live process that is still ours. */
  runningPid(spec: Pick<ProcessSpec, "name" | "entry">): number | undefined {
    const file = this.pidFile(spec.name);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && isOurs(pid, spec.entry)) return pid;
    rmSync(file, { force: true }); // stale: the process is gone or the pid was reused
    return undefined;
  }

  async start(spec: ProcessSpec, log: Log): Promise<"started" | "already-running"> {
    const pid = this.runningPid(spec);
    if (pid) {
      log(`==> ${spec.name} already running (pid ${pid})`);
      await waitReady(spec, this.logFile(spec.name));
      return "already-running";
    }
    for (const p of spec.ports) {
      if (!(await isPortFree(p.port))) {
        const owner = await describePortOwner(p.port);
        throw new Error(`port ${p.port} (${spec.name} ${p.what}) is taken${owner ? ` by ${owner}` : " by another process"}; stop it or set ${p.envVar} to another port`);
      }
    }
    const out = openSync(this.logFile(spec.name), "a");
    // Node itself is the child (no shell, no wrapper): SIGTERM from `npm stop` reaches the service.
    const child = spawn(process.execPath, ["--import", "tsx", spec.entry], { cwd: REPO_ROOT, env: { ...process.env, ...spec.env }, stdio: ["ignore", out, out], detached: true });
    child.unref();
    writeFileSync(this.pidFile(spec.name), `${child.pid}\n`);
    log(`==> ${spec.name} starting (pid ${child.pid}, log ${this.logFile(spec.name)})`);
    await waitReady(spec, this.logFile(spec.name), () => child.exitCode !== null);
    log(`==> ${spec.name} ready`);
    return "started";
  }

  async stop(spec: Pick<ProcessSpec, "name" | "entry">, log: Log): Promise<void> {
    const pid = this.runningPid(spec);
    if (!pid) {
      log(`==> ${spec.name} not running`);
      return;
    }
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 20_000;
    while (alive(pid) && Date.now() < deadline) await sleep(100);
    if (alive(pid)) {
      log(`==> ${spec.name} did not stop within 20 s: SIGKILL`);
      process.kill(pid, "SIGKILL");
    }
    rmSync(this.pidFile(spec.name), { force: true });
    log(`==> ${spec.name} stopped`);
  }

  private pidFile(name: string): string {
    return path.join(this.runDir, `${name}.pid`);
  }
}

async function waitReady(spec: ProcessSpec, logFile: string, exited: () => boolean = () => false, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`${spec.name} exited during start-up; last lines of ${logFile}:\n${tail(logFile)}`);
    try {
      if ((await fetch(spec.readyUrl, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${spec.name} was not ready at ${spec.readyUrl} within ${timeoutMs / 1000} s; last lines of ${logFile}:\n${tail(logFile)}`);
}

function isOurs(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(entry);
  } catch {
    return false;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 30): string {
  return existsSync(file) ? readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n") : "(no log)";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

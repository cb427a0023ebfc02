import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { alive, describePortOwner, isPortFree } from "@emporium/local-servers";
import { SUPERVISOR_CONFIG_ENV, describeExit, type SupervisedProcessConfig } from "./process-supervisor";
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from "./restart-policy";
import { readSupervisedState, type SupervisedState } from "./supervised-state";

/** A platform process `npm start` supervises: run under a supervising process, probed for readiness. */
export interface ProcessSpec {
  name: string;
  /** Entry point relative to the repository root, run with `node --import tsx`. */
  entry: string;
  env: Record<string, string>;
  /** Ports it will bind, with the variable that moves each one. */
  ports: Array<{ port: number; what: string; envVar: string }>;
  readyUrl: string;
  /** Overrides of the restart policy (tests use short delays). */
  restart?: Partial<RestartPolicy>;
}

export type Log = (line: string) => void;

/** What `npm run status` knows about one supervised process. */
export interface ProcessStatus {
  name: string;
  /** The supervising process (or, for a service started before supervision existed, the service). */
  pid?: number;
  supervised: boolean;
  /** The service process itself; absent while the supervisor waits to restart it. */
  childPid?: number;
  ready: boolean;
  state?: SupervisedState;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const SUPERVISOR_ENTRY = "infra/local/src/supervisor-main.ts";
const STOP_GRACE_MS = 20_000;

/**
 * Starts, stops and reports the platform's Node processes. Each one runs under a supervising process
 * of its own (supervisor-main.ts), started detached so it outlives `npm start`: one per service
 * rather than one for all, so each has its own pid file, `npm stop` can stop them one by one in
 * order, and a fault in one supervisor costs one service, not the platform. The pid file holds the
 * supervisor's pid; the supervisor keeps `run/<name>.json` (service pid, restarts, last exit).
 */
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

  stateFile(name: string): string {
    return path.join(this.runDir, `${name}.json`);
  }

  /**
   * The pid of the supervisor, if the pid file names a live process that is still ours. A service
   * started by an older `npm start` (no supervisor) counts too, so it is neither started twice nor
   * left running by `npm stop`.
   */
  runningPid(spec: Pick<ProcessSpec, "name" | "entry">): number | undefined {
    const file = this.pidFile(spec.name);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && (isSupervisorOf(pid, spec.name) || runs(pid, spec.entry))) return pid;
    rmSync(file, { force: true }); // stale: the process is gone or the pid was reused
    return undefined;
  }

  async status(spec: Pick<ProcessSpec, "name" | "entry" | "readyUrl">): Promise<ProcessStatus> {
    const pid = this.runningPid(spec);
    if (!pid) return { name: spec.name, supervised: false, ready: false };
    const supervised = isSupervisorOf(pid, spec.name);
    const state = supervised ? readSupervisedState(this.stateFile(spec.name)) : undefined;
    const childPid = supervised ? (state?.childPid ?? undefined) : pid;
    const ready = childPid !== undefined && (await isReady(spec.readyUrl));
    return { name: spec.name, pid, supervised, childPid, ready, state };
  }

  /**
   * Refuses, naming the setting that moves it, a port that a process which is not already running
   * would need but another process holds. `npm start` asks before it starts any infrastructure.
   */
  async requirePortsFree(specs: readonly ProcessSpec[]): Promise<void> {
    for (const spec of specs) {
      if (this.runningPid(spec)) continue;
      for (const p of spec.ports) {
        if (await isPortFree(p.port)) continue;
        const owner = await describePortOwner(p.port);
        const by = owner ? ` by ${owner}` : " by another process";
        throw new Error(
          `port ${p.port} (${spec.name} ${p.what}) is taken${by}; stop it or set ${p.envVar} to another port`,
        );
      }
    }
  }

  async start(spec: ProcessSpec, log: Log): Promise<"started" | "already-running"> {
    const pid = this.runningPid(spec);
    if (pid) {
      const how = isSupervisorOf(pid, spec.name)
        ? `supervisor pid ${pid}`
        : `pid ${pid}, not supervised: npm stop and npm start to supervise it`;
      log(`==> ${spec.name} already running (${how})`);
      await waitReady(spec, this.logFile(spec.name));
      return "already-running";
    }
    await this.requirePortsFree([spec]);
    rmSync(this.stateFile(spec.name), { force: true });
    const config: SupervisedProcessConfig = {
      name: spec.name,
      entry: spec.entry,
      env: spec.env,
      logFile: this.logFile(spec.name),
      stateFile: this.stateFile(spec.name),
      pidFile: this.pidFile(spec.name),
      restart: { ...DEFAULT_RESTART_POLICY, ...spec.restart },
      stopGraceMs: STOP_GRACE_MS,
    };
    const out = openSync(this.logFile(spec.name), "a");
    const supervisor = spawn(process.execPath, ["--import", "tsx", SUPERVISOR_ENTRY, spec.name], {
      cwd: REPO_ROOT,
      env: { ...process.env, [SUPERVISOR_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ["ignore", out, out],
      detached: true,
    });
    supervisor.unref();
    writeFileSync(this.pidFile(spec.name), `${supervisor.pid}\n`);
    log(`==> ${spec.name} starting (supervisor pid ${supervisor.pid}, log ${this.logFile(spec.name)})`);
    // A service that fails during start-up is reported (as before supervision), not retried forever.
    const failedAtStart = () => supervisor.exitCode !== null || readSupervisedState(config.stateFile)?.lastExit != null;
    try {
      await waitReady(spec, this.logFile(spec.name), failedAtStart);
    } catch (err) {
      await this.stop(spec, () => undefined);
      throw err;
    }
    log(`==> ${spec.name} ready`);
    return "started";
  }

  /** SIGTERM to the supervisor, which passes it on and does not restart; SIGKILL if that hangs. */
  async stop(spec: Pick<ProcessSpec, "name" | "entry">, log: Log): Promise<void> {
    const pid = this.runningPid(spec);
    if (!pid) {
      log(`==> ${spec.name} not running`);
      return;
    }
    const childPid = readSupervisedState(this.stateFile(spec.name))?.childPid ?? undefined;
    process.kill(pid, "SIGTERM");
    // The supervisor gives the service STOP_GRACE_MS, then SIGKILLs it; a little longer for itself.
    const deadline = Date.now() + STOP_GRACE_MS + 5_000;
    while (alive(pid) && Date.now() < deadline) await sleep(100);
    if (alive(pid)) {
      log(`==> ${spec.name} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
      for (const p of [pid, childPid]) if (p && alive(p)) process.kill(p, "SIGKILL");
    }
    rmSync(this.pidFile(spec.name), { force: true });
    rmSync(this.stateFile(spec.name), { force: true });
    log(`==> ${spec.name} stopped`);
  }

  private pidFile(name: string): string {
    return path.join(this.runDir, `${name}.pid`);
  }
}

/**
 * One line of `npm run status`, e.g.
 * `catalog    running (pid 123), ready, restarted 2x (last: SIGKILL at 21:02:11)`.
 */
export function describeStatus(status: ProcessStatus): string {
  const name = status.name.padEnd(10);
  if (!status.pid) return `${name} stopped`;
  const ready = status.ready ? ", ready" : ", NOT ready";
  if (!status.supervised) return `${name} running (pid ${status.pid})${ready}, not supervised (npm stop; npm start)`;
  const what = status.childPid ? `running (pid ${status.childPid})${ready}` : "waiting to restart, NOT ready";
  const last = status.state?.lastExit;
  if (!status.state || !last) return `${name} ${what}`;
  const when = new Date(last.at).toTimeString().slice(0, 8);
  return `${name} ${what}, restarted ${status.state.restarts}x (last: ${describeExit(last.code, last.signal)} at ${when})`;
}

async function isReady(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );
}

async function waitReady(spec: ProcessSpec, logFile: string, failed = () => false, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failed()) throw new Error(`${spec.name} exited during start-up; last lines of ${logFile}:\n${tail(logFile)}`);
    if (await isReady(spec.readyUrl)) return;
    await sleep(250);
  }
  const within = `within ${timeoutMs / 1000} s`;
  throw new Error(
    `${spec.name} was not ready at ${spec.readyUrl} ${within}; last lines of ${logFile}:\n${tail(logFile)}`,
  );
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

function isSupervisorOf(pid: number, name: string): boolean {
  const args = cmdline(pid);
  const at = args.indexOf(SUPERVISOR_ENTRY);
  return at >= 0 && args[at + 1] === name;
}

function runs(pid: number, entry: string): boolean {
  return cmdline(pid).includes(entry);
}

function tail(file: string, lines = 30): string {
  return existsSync(file) ? readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n") : "(no log)";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

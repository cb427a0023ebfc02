import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, closeSync, openSync, rmSync } from "node:fs";
import path from "node:path";
import { restartDelayMs, type RestartPolicy } from "./restart-policy";
import { RECENT_EXITS_KEPT, writeSupervisedState, type ExitRecord, type SupervisedState } from "./supervised-state";

/** The environment variable that carries a SupervisedProcessConfig to supervisor-main.ts. */
export const SUPERVISOR_CONFIG_ENV = "EMPORIUM_SUPERVISED_PROCESS";

/** Everything a supervising process needs; `npm start` passes it in an environment variable. */
export interface SupervisedProcessConfig {
  name: string;
  /** Entry point relative to the repository root, run with `node --import tsx`. */
  entry: string;
  env: Record<string, string>;
  logFile: string;
  stateFile: string;
  pidFile: string;
  restart: RestartPolicy;
  /** How long a service may take to stop after SIGTERM before it gets SIGKILL. */
  stopGraceMs: number;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

export const describeExit = (code: number | null, signal: string | null): string =>
  signal ? signal : `exit code ${code ?? "unknown"}`;

/**
 * Runs the service as this process's direct child (node itself, no shell, so signals reach it) and
 * restarts it whenever it exits on its own, waiting longer after each exit in a row. `stop()`
 * forwards SIGTERM (SIGKILL after the grace period) and resolves `done` once the service is gone,
 * without restarting it. Every exit and restart goes to the service's log; the state file always
 * says what runs now.
 */
export function superviseProcess(config: SupervisedProcessConfig): { stop(): void; done: Promise<void> } {
  const state: SupervisedState = {
    name: config.name,
    supervisorPid: process.pid,
    childPid: null,
    childStartedAt: null,
    restarts: 0,
    lastExit: null,
    recentExits: [],
    stopping: false,
  };
  const save = () => writeSupervisedState(config.stateFile, state);
  const log = (line: string) =>
    appendFileSync(config.logFile, `${new Date().toISOString()} [supervisor] ${config.name}: ${line}\n`);
  let child: ChildProcess | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let failuresInARow = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const finished = () => {
    rmSync(config.stateFile, { force: true });
    rmSync(config.pidFile, { force: true });
    finish();
  };

  const spawnChild = () => {
    const out = openSync(config.logFile, "a");
    const startedAt = Date.now();
    const c = spawn(process.execPath, ["--import", "tsx", config.entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...config.env },
      stdio: ["ignore", out, out],
    });
    closeSync(out);
    child = c;
    state.childPid = c.pid ?? null;
    state.childStartedAt = new Date(startedAt).toISOString();
    save();
    log(`started ${config.entry} (pid ${c.pid})`);
    let exited = false;
    const onExit = (code: number | null, signal: string | null) => {
      if (exited) return;
      exited = true;
      onChildExit(code, signal, startedAt);
    };
    c.once("exit", onExit);
    c.once("error", (err) => {
      log(`could not run ${config.entry}: ${err.message}`);
      onExit(null, null);
    });
  };

  const onChildExit = (code: number | null, signal: string | null, startedAt: number) => {
    child = undefined;
    state.childPid = null;
    if (state.stopping) {
      log(`stopped (${describeExit(code, signal)})`);
      finished();
      return;
    }
    const now = Date.now();
    failuresInARow = now - startedAt >= config.restart.stableAfterMs ? 1 : failuresInARow + 1;
    const delayMs = restartDelayMs(failuresInARow, config.restart);
    const record: ExitRecord = { at: new Date(now).toISOString(), code, signal, delayMs };
    state.lastExit = record;
    state.recentExits = [...state.recentExits, record].slice(-RECENT_EXITS_KEPT);
    save();
    log(`exited unexpectedly (${describeExit(code, signal)}); restarting in ${record.delayMs} ms`);
    // Timers run on the event loop's cached clock and may fire a little before the wall-clock delay.
    const restartAt = now + delayMs;
    const restartWhenDue = () => {
      const left = restartAt - Date.now();
      if (left > 0) {
        restartTimer = setTimeout(restartWhenDue, left);
        return;
      }
      restartTimer = undefined;
      record.restartedAt = new Date().toISOString();
      state.restarts += 1;
      spawnChild();
    };
    restartTimer = setTimeout(restartWhenDue, delayMs);
  };

  const stop = () => {
    if (state.stopping) return;
    state.stopping = true;
    save();
    if (restartTimer) clearTimeout(restartTimer);
    const running = child;
    if (!running) {
      log("stopped (was waiting to restart)");
      finished();
      return;
    }
    running.kill("SIGTERM");
    const killTimer = setTimeout(() => {
      log(`did not stop within ${config.stopGraceMs / 1000} s: SIGKILL`);
      running.kill("SIGKILL");
    }, config.stopGraceMs);
    void done.then(() => clearTimeout(killTimer));
  };

  spawnChild();
  return { stop, done };
}

import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
export { freePort } from "@emporium/local-servers";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  exited: Promise<number | string>;
  /** SIGTERM, wait up to `ms`, then SIGKILL. Resolves with how it ended. */
  stop(ms?: number): Promise<number | string>;
}

/**
 * Starts a TypeScript entry point the way `npm start` does (`node --import tsx`, no wrapper, so
 * signals reach it), capturing its output for assertions and post-mortems.
 */
export function startTsProcess(entry: string, env: Record<string, string>): RunningProcess {
  return startNodeProcess(["--import", "tsx", path.join(REPO_ROOT, entry)], env);
}

/** Every process started here that has not exited yet (see stopStrayProcesses). */
const running = new Set<RunningProcess>();

/**
 * Stops what a test file started and did not stop, e.g. when a hook timed out while the platform
 * was still starting: a live child would keep Jest waiting forever. Each project's setup runs it
 * after every test file.
 */
export async function stopStrayProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(5_000)));
}

/** Starts `node <args>` as a direct child (signals reach it), capturing its output. */
export function startNodeProcess(args: string[], env: Record<string, string>, cwd = REPO_ROOT): RunningProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const started: RunningProcess = {
    child,
    output: () => out,
    exited,
    async stop(ms = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), ms);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

/** Polls a URL until it answers 200, failing with the process output if it never does. */
export async function waitForHttpOk(url: string, proc?: RunningProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`process exited before ${url} was ready:\n${proc.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})${proc ? `:\n${proc.output()}` : ""}`);
}

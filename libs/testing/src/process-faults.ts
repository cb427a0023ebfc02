import { readFileSync } from "node:fs";
import net from "node:net";
import pg from "pg";
import type { RunningProcess } from "./processes";

/**
 * Faults a chaos experiment or a resilience spec does to what it started itself (never to shared
 * infrastructure), each returning what an operator would see as evidence that it happened.
 */

/** A process's scheduler state from /proc (`R` running, `S` sleeping, `T` stopped), or `gone`. */
export function processState(pid: number): string {
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces, the state follows its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? "gone";
  } catch {
    return "gone";
  }
}

/** Freezes a process with SIGSTOP: its sockets stay open, nothing answers. Returns its state after. */
export async function freezeProcess(proc: RunningProcess): Promise<{ pid: number; state: string }> {
  const pid = proc.child.pid!;
  proc.child.kill("SIGSTOP");
  return { pid, state: await stateOnceItIs(pid, "T") };
}

/** Lets a frozen process run again (SIGCONT). Returns its state after. */
export async function thawProcess(proc: RunningProcess): Promise<{ pid: number; state: string }> {
  const pid = proc.child.pid!;
  proc.child.kill("SIGCONT");
  return { pid, state: await stateOnceItIsNot(pid, "T") };
}

async function stateOnceItIs(pid: number, wanted: string, timeoutMs = 2_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (processState(pid) !== wanted && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return processState(pid);
}

async function stateOnceItIsNot(pid: number, unwanted: string, timeoutMs = 2_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (processState(pid) === unwanted && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return processState(pid);
}

/**
 * Ends every client connection to `databases` (pg_terminate_backend), as a failover or a proxy
 * restart does: the clients' next query on such a connection fails. Returns how many were ended.
 */
export async function terminateClientBackends(adminUrl: string, databases: readonly string[]): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE datname = ANY($1) AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      [databases],
    );
    return rows.filter((r) => r.ended).length;
  } finally {
    await admin.end();
  }
}

/** The database name of a PostgreSQL URL. */
export const databaseOf = (url: string): string => new URL(url).pathname.slice(1);

/** Whether a TCP connection to 127.0.0.1:`port` is accepted (`open`) or refused (`refused`). */
export function tcpProbe(port: number, timeoutMs = 1_000): Promise<"open" | "refused" | "timeout"> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (outcome: "open" | "refused" | "timeout") => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => done("timeout"));
    socket.once("connect", () => done("open"));
    socket.once("error", () => done("refused"));
  });
}

/** An HTTP GET's status, or the error's message when nothing answered (e.g. "fetch failed"). */
export async function httpProbe(url: string, headers: Record<string, string> = {}): Promise<string> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return `HTTP ${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return cause ?? (err as Error).message;
  }
}

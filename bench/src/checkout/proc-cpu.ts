import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time of processes from Linux's /proc/<pid>/stat (proc(5)): utime and stime are the process's
 * own time, cutime and cstime its waited-for children's, in clock ticks. A process tree's time is the
 * sum over its live members of all four: a child that exited and was reaped moved its time into its
 * parent's c-fields, so nothing is counted twice or lost (PostgreSQL's backends, Erlang's helpers).
 */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/** One /proc/<pid>/stat line. `comm` may hold spaces and parentheses, so fields count from its last ")". */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(text.slice(0, 80))}`);
  // After comm: state(3) ppid(4) pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
  // utime(14) stime(15) cutime(16) cstime(17)
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number) => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value))
      throw new Error(`/proc/<pid>/stat field ${n} is not a number in ${JSON.stringify(text)}`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

/** Every process's stat now; processes that exit while being read are skipped. */
export function readAllProcStats(procDir = "/proc"): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync(procDir)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      stats.push(parseProcStat(readFileSync(`${procDir}/${entry}/stat`, "utf8")));
    } catch {
      // gone between readdir and read
    }
  }
  return stats;
}

/** `root` and all its descendants among `stats`; empty when `root` is not among them. */
export function processTree(stats: readonly ProcStat[], root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const rootStat = stats.find((s) => s.pid === root);
  if (!rootStat) return [];
  const tree: ProcStat[] = [];
  const queue = [rootStat];
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** Clock ticks of a process tree (see the file's comment). */
export const treeTicks = (tree: readonly ProcStat[]) =>
  tree.reduce((sum, s) => sum + s.utime + s.stime + s.cutime + s.cstime, 0);

/** Ticks per second (USER_HZ): `getconf CLK_TCK`, 100 on every common Linux. */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** CPU ms per named process tree between two readings; a tree whose root died reads as missing. */
export function cpuMsBetween(
  roots: readonly { name: string; pid: number }[],
  before: readonly ProcStat[],
  after: readonly ProcStat[],
  ticksPerSecond: number,
): Array<{ name: string; pid: number; cpuMs: number | null }> {
  return roots.map(({ name, pid }) => {
    const [b, a] = [processTree(before, pid), processTree(after, pid)];
    if (b.length === 0 || a.length === 0) return { name, pid, cpuMs: null };
    return { name, pid, cpuMs: ((treeTicks(a) - treeTicks(b)) * 1000) / ticksPerSecond };
  });
}

/**
 * A thread's name without its number, so a runtime's pools add up: `2_scheduler` → `#_scheduler`,
 * `GC Thread#3` → `GC Thread#`. Linux cuts names at 15 characters, so `1_dirty_io_sche` and
 * `10_dirty_io_sch` differ in their tail too: numbered names keep 12 characters.
 */
export function threadGroup(comm: string): string {
  if (/^\d+_/.test(comm)) return comm.replace(/^\d+_/, "#_").slice(0, 12);
  return comm.replace(/#?\d+$/, "#");
}

/**
 * Clock ticks per thread group of every process in `pids` (its threads from /proc/<pid>/task): what
 * a process spends its time on, named by its runtime's threads (a Node service's `MainThread` runs
 * its JavaScript, the others are V8's and libuv's helpers: garbage collection, compilation, I/O;
 * Erlang's `#_scheduler`s run the broker; PostgreSQL runs a process per connection). Threads that
 * end between two readings are missed, so this is a profile of shares, not an exact sum.
 */
export function readThreadTicks(pids: readonly number[], procDir = "/proc"): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`${procDir}/${pid}/task`);
    } catch {
      continue; // the process ended
    }
    for (const tid of tids) {
      try {
        const s = parseProcStat(readFileSync(`${procDir}/${pid}/task/${tid}/stat`, "utf8"));
        const group = threadGroup(s.comm);
        ticks.set(group, (ticks.get(group) ?? 0) + s.utime + s.stime);
      } catch {
        // the thread ended
      }
    }
  }
  return ticks;
}

/** Each thread group's share (%) of the ticks spent between two readings, largest first. */
export function threadShares(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Array<{ thread: string; share: number }> {
  const deltas = [...after].map(([thread, t]) => ({ thread, ticks: Math.max(0, t - (before.get(thread) ?? 0)) }));
  const total = deltas.reduce((sum, d) => sum + d.ticks, 0);
  return deltas
    .filter((d) => d.ticks > 0)
    .map((d) => ({ thread: d.thread, share: Math.round((1000 * d.ticks) / total) / 10 }))
    .sort((a, b) => b.share - a.share);
}

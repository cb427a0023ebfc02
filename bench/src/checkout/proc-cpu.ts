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

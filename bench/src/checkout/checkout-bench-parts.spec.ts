import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  cpuMsBetween,
  parseProcStat,
  processTree,
  readAllProcStats,
  readThreadTicks,
  threadShares,
  treeTicks,
  type ProcStat,
} from "./proc-cpu";
import { openLoopOffsets, parseRates, runOpenLoop } from "./schedule";
import { percentile } from "./stats";

describe("open-loop schedule", () => {
  it("spaces starts evenly: 5/s for 2 s starts every 200 ms, 10 in all", () => {
    expect(openLoopOffsets(5, 2)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800]);
    expect(openLoopOffsets(50, 20)).toHaveLength(1000);
    expect(openLoopOffsets(3, 1)).toEqual([0, 333.333, 666.667]);
  });

  it("refuses rates and durations that are not positive", () => {
    expect(() => openLoopOffsets(0, 10)).toThrow(/positive number of checkouts per second, got 0/);
    expect(() => openLoopOffsets(5, -1)).toThrow(/positive number of seconds, got -1/);
    expect(() => parseRates("5,ten")).toThrow(/BENCH_RATES must be positive numbers.*"5,ten"/);
    expect(parseRates("5, 10,20")).toEqual([5, 10, 20]);
  });

  it("starts each checkout at its offset from one clock, never waiting for earlier ones to finish", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const startedAt: number[] = [];
    const never = new Promise<void>(() => undefined); // a checkout that never finishes
    const { started, lateMs } = await runOpenLoop(
      [0, 100, 200],
      (i) => {
        startedAt[i] = clock;
        // Starting takes 30 ms of client time: the next wait shrinks instead of drifting.
        clock += 30;
        return never;
      },
      () => clock,
      async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    );
    expect(started).toHaveLength(3);
    expect(startedAt).toEqual([0, 100, 200]);
    expect(sleeps).toEqual([70, 70]);
    expect(lateMs).toEqual([0, 0, 0]);
  });
});

describe("percentile", () => {
  it("is the nearest-rank value of the samples, in any order", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], 101)).toThrow(/between 0 and 100/);
  });
});

describe("/proc CPU accounting", () => {
  const line = (pid: number, comm: string, ppid: number, [u, s, cu, cs]: number[]) =>
    `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1 2 3 4 ${u} ${s} ${cu} ${cs} 20 0 1 0 100 200 300`;

  it("reads a stat line whose command holds spaces and parentheses", () => {
    expect(parseProcStat(line(42, "postgres: orders (idle) )x", 7, [120, 30, 5, 1]))).toEqual({
      pid: 42,
      comm: "postgres: orders (idle) )x",
      ppid: 7,
      utime: 120,
      stime: 30,
      cutime: 5,
      cstime: 1,
    });
    expect(() => parseProcStat("garbage")).toThrow(/not a \/proc\/<pid>\/stat line/);
  });

  it("sums a process tree, counting a reaped child once (its time moves into the parent's c-fields)", () => {
    const stat = (pid: number, ppid: number, t: number[]) => parseProcStat(line(pid, "p", ppid, t));
    const before: ProcStat[] = [stat(10, 1, [100, 0, 0, 0]), stat(11, 10, [50, 0, 0, 0]), stat(99, 1, [7, 0, 0, 0])];
    // Child 11 ran 20 more ticks, exited and was reaped; a new child 12 ran 5; the parent ran 10.
    const after: ProcStat[] = [stat(10, 1, [110, 0, 70, 0]), stat(12, 10, [5, 0, 0, 0]), stat(99, 1, [500, 0, 0, 0])];
    expect(processTree(after, 10).map((s) => s.pid)).toEqual([10, 12]);
    expect(treeTicks(processTree(before, 10))).toBe(150);
    expect(cpuMsBetween([{ name: "postgres", pid: 10 }], before, after, 100)).toEqual([
      { name: "postgres", pid: 10, cpuMs: 350 }, // 10 + 20 + 5 ticks
    ]);
    expect(cpuMsBetween([{ name: "gone", pid: 11 }], before, after, 100)).toEqual([
      { name: "gone", pid: 11, cpuMs: null },
    ]);
  });

  it("names where a process's time goes by thread group, numbered threads of one pool together", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-proc-"));
    const thread = (pid: number, tid: number, comm: string, ticks: number[]) => {
      mkdirSync(path.join(dir, String(pid), "task", String(tid)), { recursive: true });
      writeFileSync(path.join(dir, String(pid), "task", String(tid), "stat"), line(tid, comm, 1, ticks));
    };
    try {
      thread(7, 7, "beam.smp", [10, 0, 0, 0]);
      thread(7, 8, "1_scheduler", [100, 20, 0, 0]);
      thread(7, 9, "2_scheduler", [50, 10, 0, 0]);
      thread(7, 10, "1_dirty_io_sche", [3, 0, 0, 0]);
      thread(7, 11, "10_dirty_io_sch", [2, 0, 0, 0]);
      const before = readThreadTicks([7, 404], dir); // 404: a process that ended
      expect(Object.fromEntries(before)).toEqual({
        "beam.smp": 10,
        "#_dirty_io_s": 5, // Linux's 15-character names cut the pool's name at different places
        "#_scheduler": 180,
      });
      const after = new Map([
        ["beam.smp", 20],
        ["#_scheduler", 270],
        ["#_dirty_io_s", 5],
      ]);
      expect(threadShares(before, after)).toEqual([
        { thread: "#_scheduler", share: 90 },
        { thread: "beam.smp", share: 10 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads every process of a /proc directory, skipping entries that are not processes", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-proc-"));
    try {
      mkdirSync(path.join(dir, "5"));
      writeFileSync(path.join(dir, "5", "stat"), line(5, "node", 1, [1, 2, 3, 4]));
      mkdirSync(path.join(dir, "6")); // exited before its stat could be read
      mkdirSync(path.join(dir, "self"));
      expect(readAllProcStats(dir).map((s) => s.pid)).toEqual([5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

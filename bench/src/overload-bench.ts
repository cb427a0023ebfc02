import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startTsProcess, waitForHttpOk } from "@emporium/testing";

/**
 * Load shedding under overload: one server process with a fixed capacity (each request costs CPU
 * and a wait; see overload/overload-target.ts) driven by more concurrent clients than it can serve,
 * each sending its next request as soon as the last one is answered (after a refusal: after a
 * jittered Retry-After, as clients should). Run twice: shedding off (limits no load reaches) and on
 * (a low in-flight limit). Reports the shed rate and the latency of the admitted requests. Loopback
 * only, bounded; results go to bench/results/overload.{md,json}.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = Number(process.env.BENCH_CONNECTIONS ?? 128);
const MAX_IN_FLIGHT = Number(process.env.BENCH_MAX_IN_FLIGHT ?? 16);
const UNREACHABLE = String(1_000_000_000);

interface RunResult {
  name: string;
  requests: number;
  admitted: number;
  shed: number;
  shedRate: number;
  admittedPerSecond: number;
  admittedP50Ms: number;
  admittedP99Ms: number;
  shedP50Ms: number;
  shedP99Ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;

async function drive(url: string, name: string): Promise<RunResult> {
  const admitted: number[] = [];
  const shed: number[] = [];
  const stopAt = performance.now() + SECONDS * 1000;
  const body = JSON.stringify({ query: "{ ok }" });
  const client = async () => {
    while (performance.now() < stopAt) {
      const started = performance.now();
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status === 200) admitted.push(ms);
      else if (res.status === 503) {
        shed.push(ms);
        // As docs/conventions.md "Load shedding" asks: wait Retry-After, with full jitter.
        await sleep(Math.random() * Number(res.headers.get("retry-after") ?? 1) * 1000);
      } else throw new Error(`${name}: unexpected status ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  admitted.sort((a, b) => a - b);
  shed.sort((a, b) => a - b);
  const requests = admitted.length + shed.length;
  return {
    name,
    requests,
    admitted: admitted.length,
    shed: shed.length,
    shedRate: Math.round((shed.length / requests) * 1000) / 1000,
    admittedPerSecond: Math.round(admitted.length / SECONDS),
    admittedP50Ms: percentile(admitted, 0.5),
    admittedP99Ms: percentile(admitted, 0.99),
    shedP50Ms: percentile(shed, 0.5),
    shedP99Ms: percentile(shed, 0.99),
  };
}

async function run(name: string, env: Record<string, string>): Promise<RunResult> {
  const port = await freePort();
  const proc = startTsProcess("bench/src/overload/overload-target.ts", { OVERLOAD_PORT: String(port), ...env });
  try {
    await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, proc);
    const url = `http://127.0.0.1:${port}/graphql`;
    console.log(`==> ${name}: ${SECONDS}s, ${CLIENTS} clients`);
    await drive(url, `${name} (warm-up)`);
    return await drive(url, name);
  } finally {
    await proc.stop();
  }
}

async function main(): Promise<void> {
  const results = [
    await run("shedding off", {
      OVERLOAD_LOAD_MAX_IN_FLIGHT: UNREACHABLE,
      OVERLOAD_LOAD_MAX_EVENT_LOOP_DELAY_MS: UNREACHABLE,
    }),
    await run(`shedding on (max ${MAX_IN_FLIGHT} in flight)`, { OVERLOAD_LOAD_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) }),
  ];
  write(results);
}

function write(results: RunResult[]): void {
  const dir = path.join(__dirname, "..", "results");
  mkdirSync(dir, { recursive: true });
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
  const when = new Date().toISOString();
  writeFileSync(
    path.join(dir, "overload.json"),
    `${JSON.stringify({ when, machine, seconds: SECONDS, clients: CLIENTS, results }, null, 2)}\n`,
  );
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.requests} | ${r.admittedPerSecond} | ${r.admittedP50Ms} | ${r.admittedP99Ms} | ` +
      `${(r.shedRate * 100).toFixed(1)} % | ${r.shedP50Ms} | ${r.shedP99Ms} |`,
  );
  const md = [
    "# Overload: load shedding off and on",
    "",
    `${when} · ${machine} · ${SECONDS} s per run after a warm-up · ${CLIENTS} clients, each sending`,
    "its next request as soon as the last is answered (after a refusal: after a jittered Retry-After),",
    "against one process whose requests each cost 2 ms of CPU and a 5 ms wait",
    "(`bench/src/overload-bench.ts`; `npx nx run bench:bench-overload`).",
    "Latencies in ms.",
    "",
    "| run | requests | admitted/s | admitted p50 | admitted p99 | shed | shed p50 | shed p99 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "`shed` is the share of requests refused with 503 OVERLOADED. Numbers from a shared machine:",
    "compare the runs with each other, not with another machine.",
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "overload.md"), md);
  console.log(md);
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});

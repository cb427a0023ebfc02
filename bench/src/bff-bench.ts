import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { bffTarget, type BffTarget } from "./bff-target";
import { clockTicksPerSecond, cpuMsBetween, readAllProcStats } from "./checkout/proc-cpu";
import { BFF_SCREENS, sameScreenData, type ScreenPair } from "./bff-screens";

/**
 * The mobile home and product screens, one request each through bff-mobile, against the query a
 * client would send the gateway for the same data (`npm run bench -- bff`): requests per second,
 * p99 and bytes per response, one run on one machine, anonymous (the screens' public parts).
 *
 * Against the platform `npm start` runs (the registry's ports, or EMPORIUM_BENCH_GATEWAY_URL and
 * EMPORIUM_BENCH_BFF_MOBILE_URL), or with `--self` against a platform it starts itself on the test
 * infrastructure (EMPORIUM_TEST_PG_ADMIN_URL, EMPORIUM_TEST_KEYCLOAK_URL). The aim: the BFF screen
 * at least 2× the gateway's throughput with at least 40 % fewer bytes.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const AIM = { throughput: 2, fewerBytes: 0.4 };

interface Run {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The GraphQL answer's body. */
  bodyBytes: number;
  /** Everything on the wire per answer (status line, headers, body), as autocannon counted it. */
  wireBytes: number;
  requests: number;
  /** CPU ms per answer of each process of the platform (self-started only), busiest first. */
  cpuMsPerAnswer: Record<string, number>;
}

interface ScreenResult {
  screen: string;
  bff: Run & { query: string };
  gateway: Run & { query: string };
  throughputRatio: number;
  fewerBytes: number;
  aimMet: boolean;
}

async function post(url: string, body: string): Promise<string> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  const parsed = JSON.parse(text) as { errors?: unknown[] };
  if (!res.ok || parsed.errors) throw new Error(`${url} answered HTTP ${res.status}: ${text.slice(0, 400)}`);
  return text;
}

async function measure(url: string, body: string, processes: BffTarget["processes"]): Promise<Run> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url))
    throw new Error(`benchmarks target loopback only, not ${url}`);
  const bodyBytes = Buffer.byteLength(await post(url, body));
  const options = { url, method: "POST" as const, body, headers: { "content-type": "application/json" } };
  await autocannon({ ...options, connections: CONNECTIONS, duration: 2 }); // warm-up: JIT, pools, plans
  const before = readAllProcStats();
  const r = await autocannon({ ...options, connections: CONNECTIONS, duration: SECONDS });
  const cpu = cpuMsBetween(processes, before, readAllProcStats(), clockTicksPerSecond());
  if (r.errors || r.non2xx)
    throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx answers: the numbers would mean nothing`);
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    bodyBytes,
    wireBytes: Math.round(r.throughput.total / r.requests.total),
    requests: r.requests.total,
    cpuMsPerAnswer: Object.fromEntries(
      cpu
        .filter((c) => c.cpuMs !== null && c.cpuMs > 0)
        .sort((a, b) => b.cpuMs! - a.cpuMs!)
        .map((c) => [c.name, +(c.cpuMs! / r.requests.total).toFixed(2)]),
    ),
  };
}

async function runScreen(target: BffTarget, pair: ScreenPair): Promise<ScreenResult> {
  const bffBody = JSON.stringify({ query: pair.bff, variables: pair.variables });
  const gatewayBody = JSON.stringify({ query: pair.gateway, variables: pair.variables });
  // The same screen: both answers name the same products, prices and stock.
  sameScreenData(
    pair,
    await post(`${target.bffUrl}/graphql`, bffBody),
    await post(`${target.gatewayUrl}/graphql`, gatewayBody),
  );
  console.log(`==> ${pair.screen} screen through bff-mobile: ${SECONDS}s, ${CONNECTIONS} connections`);
  const bff = await target.profiled(pair.screen, (bffUrl) => measure(`${bffUrl}/graphql`, bffBody, target.processes));
  console.log(`==> ${pair.screen} screen through the gateway: ${SECONDS}s, ${CONNECTIONS} connections`);
  const gateway = await measure(`${target.gatewayUrl}/graphql`, gatewayBody, target.processes);
  const throughputRatio = +(bff.requestsPerSecond / gateway.requestsPerSecond).toFixed(2);
  const fewerBytes = +(1 - bff.bodyBytes / gateway.bodyBytes).toFixed(3);
  return {
    screen: pair.screen,
    bff: { ...bff, query: pair.bff },
    gateway: { ...gateway, query: pair.gateway },
    throughputRatio,
    fewerBytes,
    aimMet: throughputRatio >= AIM.throughput && fewerBytes >= AIM.fewerBytes,
  };
}

function write(target: BffTarget, results: ScreenResult[], profile: string[], loadBefore: number[]) {
  // The machine may be shared: its load average (1, 5, 15 min) before and after says how much.
  const load = { before: loadBefore.map((l) => +l.toFixed(1)), after: os.loadavg().map((l) => +l.toFixed(1)) };
  const report = {
    date: new Date().toISOString(),
    target: target.description,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, load },
    settings: { seconds: SECONDS, connections: CONNECTIONS, aim: AIM },
    results,
    profile,
  };
  const dir = path.join(__dirname, "..", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "bff.json"), JSON.stringify(report, null, 2) + "\n");
  const row = (r: ScreenResult, via: "bff" | "gateway") => {
    const run = r[via];
    const extra = via === "bff" ? `${r.throughputRatio}× | ${Math.round(r.fewerBytes * 100)} % |` : `1× | – |`;
    return `| ${r.screen} | ${via === "bff" ? "bff-mobile" : "gateway"} | ${run.requestsPerSecond} | ${run.latencyP50Ms} | ${run.latencyP99Ms} | ${run.bodyBytes} | ${run.wireBytes} | ${extra}`;
  };
  const md = [
    `# bff-mobile benchmark: screens through the BFF vs the gateway`,
    ``,
    `${report.date} · ${target.description} · ${report.machine.cpus} × ${report.machine.cpuModel} · Node ${report.machine.node} · ${SECONDS}s × ${CONNECTIONS} connections per run, after a 2 s warm-up`,
    ``,
    `Load average (1, 5, 15 min): ${load.before.join(", ")} before the runs, ${load.after.join(", ")} after.`,
    ``,
    `Aim: the BFF screen ≥ ${AIM.throughput}× the gateway's requests per second and ≥ ${AIM.fewerBytes * 100} % fewer bytes (the answer's body).`,
    ``,
    `| screen | via | req/s | p50 ms | p99 ms | body bytes | wire bytes | throughput | fewer bytes |`,
    `|---|---|---:|---:|---:|---:|---:|---:|---:|`,
    ...results.flatMap((r) => [row(r, "bff"), row(r, "gateway")]),
    ``,
    ...results.map((r) => `- ${r.screen}: aim ${r.aimMet ? "met" : "missed"}`),
    ``,
    `Why a missed aim was missed, for the committed run: [bff-analysis.md](bff-analysis.md).`,
    ``,
    ...cpuTable(results),
    `## Queries`,
    ``,
    ...results.flatMap((r) => [
      `${r.screen}, bff-mobile: \`${oneLine(r.bff.query)}\``,
      ``,
      `${r.screen}, gateway: \`${oneLine(r.gateway.query)}\``,
      ``,
    ]),
    ...(profile.length ? [`## Profile of bff-mobile during its runs (self time)`, ``, ...profile, ``] : []),
  ].join("\n");
  writeFileSync(path.join(dir, "bff.md"), md);
  console.log(`\n${md}\nwritten to bench/results/bff.json and bench/results/bff.md`);
}

/** Where the platform's CPU went per answer, by process, for each screen and path. */
function cpuTable(results: ScreenResult[]): string[] {
  const names = [
    ...new Set(
      results.flatMap((r) => [...Object.keys(r.bff.cpuMsPerAnswer), ...Object.keys(r.gateway.cpuMsPerAnswer)]),
    ),
  ];
  if (names.length === 0) return [];
  const cell = (run: Run, name: string) => run.cpuMsPerAnswer[name]?.toFixed(2) ?? "–";
  const total = (run: Run) =>
    Object.values(run.cpuMsPerAnswer)
      .reduce((a, b) => a + b, 0)
      .toFixed(2);
  const columns = results.flatMap((r) => [`${r.screen} via bff-mobile`, `${r.screen} via gateway`]);
  const runs = results.flatMap((r) => [r.bff, r.gateway]);
  return [
    `## CPU ms per answer, by process (from /proc, over each measured run)`,
    ``,
    `| process | ${columns.join(" | ")} |`,
    `|---|${columns.map(() => "---:").join("|")}|`,
    ...names.map((name) => `| ${name} | ${runs.map((run) => cell(run, name)).join(" | ")} |`),
    `| **all** | ${runs.map(total).join(" | ")} |`,
    ``,
  ];
}

const oneLine = (query: string) => query.replace(/\s+/g, " ").trim();

async function main() {
  const target = await bffTarget(process.argv.slice(2));
  const loadBefore = os.loadavg();
  try {
    const results: ScreenResult[] = [];
    for (const pair of BFF_SCREENS) results.push(await runScreen(target, pair));
    const profile = await target.profileSummary();
    write(target, results, profile, loadBefore);
  } finally {
    await target.stop();
  }
}

main().catch((err) => {
  console.error(`bench bff failed: ${(err as Error).message}`);
  process.exit(1);
});

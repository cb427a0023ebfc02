import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { startPlatform, startTestPostgres } from "@emporium/testing";
import { PRODUCT_PAGE_QUERY, PRODUCTS_QUERY } from "./bench-operations";
import { runScenario, type ScenarioResult } from "./run-autocannon";

/**
 * The same product query three ways, in one run on one machine:
 *   floor    a trivial HTTP hop (Fastify returning a fixed JSON body): what any request costs here;
 *   subgraph straight to the catalog subgraph (mercurius + PostgreSQL);
 *   gateway  through Apollo Gateway to the subgraph (query planning + one more hop);
 *   product page  through the gateway across catalog, inventory, reviews and customers.
 * Everything runs on loopback with its own throwaway PostgreSQL; results go to bench/results/.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const QUERY = PRODUCTS_QUERY;
/** The product page: catalog + inventory + reviews + the reviews' authors from customers. */
const PRODUCT_PAGE = PRODUCT_PAGE_QUERY;

async function main() {
  console.log(`==> starting a throwaway PostgreSQL, the catalog and the gateway`);
  const postgres = await startTestPostgres();
  const platform = await startPlatform(postgres.adminUrl, { logLevel: "error" });
  const floor = Fastify();
  floor.post("/graphql", async () => ({ data: { products: { edges: [] } } }));
  const floorUrl = await floor.listen({ host: "127.0.0.1", port: 0 });
  try {
    const body = JSON.stringify({ query: QUERY });
    const headers = { "content-type": "application/json" };
    const scenarios = [
      { name: "floor (trivial HTTP hop)", url: `${floorUrl}/graphql`, method: "POST" as const, body, headers },
      { name: "catalog subgraph", url: `${platform.catalogHttpUrl}/graphql`, method: "POST" as const, body, headers },
      { name: "gateway → catalog", url: `${platform.gatewayUrl}/graphql`, method: "POST" as const, body, headers },
      {
        name: "gateway product page (4 subgraphs)",
        url: `${platform.gatewayUrl}/graphql`,
        method: "POST" as const,
        body: JSON.stringify({ query: PRODUCT_PAGE }),
        headers,
      },
    ];
    const results: ScenarioResult[] = [];
    for (const s of scenarios) {
      await runScenario(s, { seconds: 2, connections: CONNECTIONS }); // warm-up: JIT, pools, plans
      console.log(`==> ${s.name}: ${SECONDS}s, ${CONNECTIONS} connections`);
      const r = await runScenario(s, { seconds: SECONDS, connections: CONNECTIONS });
      if (r.errors || r.non2xx)
        throw new Error(`${s.name}: ${r.errors} errors, ${r.non2xx} non-2xx responses: the numbers would mean nothing`);
      results.push(r);
    }
    write(results);
  } finally {
    await floor.close();
    await platform.stop();
    await postgres.stop();
  }
}

function write(results: ScenarioResult[]) {
  const floorRps = results[0]!.requestsPerSecond;
  const subgraphRps = results[1]!.requestsPerSecond;
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: { seconds: SECONDS, connections: CONNECTIONS, query: QUERY, productPage: PRODUCT_PAGE },
    results: results.map((r) => ({
      ...r,
      vsFloor: +(r.requestsPerSecond / floorRps).toFixed(3),
      vsSubgraph: +(r.requestsPerSecond / subgraphRps).toFixed(3),
    })),
  };
  const dir = path.join(__dirname, "..", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "gateway.json"), JSON.stringify(report, null, 2) + "\n");
  const rows = report.results.map(
    (r) =>
      `| ${r.name} | ${r.requestsPerSecond} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.vsFloor} | ${r.vsSubgraph} |`,
  );
  const md = [
    `# Gateway benchmark`,
    ``,
    `${report.date} · ${report.machine.cpus} × ${report.machine.cpuModel} · Node ${report.machine.node} · ${SECONDS}s × ${CONNECTIONS} connections per scenario`,
    ``,
    `Query: \`${QUERY}\``,
    ``,
    `Product page: \`${PRODUCT_PAGE}\``,
    ``,
    `| scenario | req/s | p50 ms | p99 ms | × floor | × subgraph |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...rows,
    ``,
  ].join("\n");
  writeFileSync(path.join(dir, "gateway.md"), md);
  console.log(`\n${md}\nwritten to bench/results/gateway.json and bench/results/gateway.md`);
}

main().catch((err) => {
  console.error(`bench failed: ${(err as Error).message}`);
  process.exit(1);
});

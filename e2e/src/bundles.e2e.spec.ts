import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@emporium/infra-local";
import { createTestDatabase, ensureTemplateDatabase, gatewayQuery, REPO_ROOT, startNodeProcess, waitForHttpOk, type RunningProcess } from "@emporium/testing";

/**
 * `nx run-many -t build` produces deployables: each bundle runs with plain `node` (no TypeScript
 * loader), finds its migrations, SDL and supergraph beside it, and serves real data.
 */
function bundle(entry: string, out: string, assets: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "tools/build/bundle.cjs"), entry, out, ...assets], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bundling ${entry} failed:\n${r.stdout}${r.stderr}`);
}

/** Third-party packages resolve through NODE_PATH, as from the node_modules of a deployment image. */
const runBundle = (main: string, env: Record<string, string>): RunningProcess => startNodeProcess([main], { ...env, NODE_PATH: path.join(REPO_ROOT, "node_modules") }, os.tmpdir());

describe("built bundles", () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), "emporium-dist-"));
  const procs: RunningProcess[] = [];
  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it("run with plain node and answer a query through the gateway", async () => {
    bundle("services/catalog/src/main.ts", path.join(dist, "catalog"), ["services/catalog/src/db/migrations=db/migrations", "services/catalog/src/graph/schema.graphql=schema.graphql"]);
    bundle("gateway/src/main.ts", path.join(dist, "gateway"), ["gateway/supergraph.graphql=supergraph.graphql"]);

    const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
    await ensureTemplateDatabase(adminUrl, { service: "catalog_bundle", migrate: async () => undefined });
    const db = await createTestDatabase(adminUrl, { service: "catalog_bundle" });
    const [rpc, http, gw] = [await freePort(), await freePort(), await freePort()];
    try {
      const catalog = runBundle(path.join(dist, "catalog", "main.js"), {
        EMPORIUM_CATALOG_DATABASE_URL: db.databaseUrl,
        EMPORIUM_CATALOG_RPC_PORT: String(rpc),
        EMPORIUM_CATALOG_HTTP_PORT: String(http),
        EMPORIUM_SEED: "1",
        EMPORIUM_LOG_LEVEL: "warn",
      });
      procs.push(catalog);
      await waitForHttpOk(`http://127.0.0.1:${http}/readyz`, catalog);
      const gateway = runBundle(path.join(dist, "gateway", "main.js"), { EMPORIUM_GATEWAY_PORT: String(gw), EMPORIUM_CATALOG_GRAPHQL_URL: `http://127.0.0.1:${http}/graphql`, EMPORIUM_LOG_LEVEL: "warn" });
      procs.push(gateway);
      await waitForHttpOk(`http://127.0.0.1:${gw}/readyz`, gateway);

      const { body } = await gatewayQuery<{ categories: Array<{ name: string }> }>(`http://127.0.0.1:${gw}`, "{ categories { name } }");
      expect(body.data!.categories.map((c) => c.name)).toContain("Home & Kitchen");
      expect(await gateway.stop()).toBe(0);
      expect(await catalog.stop()).toBe(0);
    } finally {
      await db.drop();
    }
  }, 120_000);
});

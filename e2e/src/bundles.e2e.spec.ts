import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@emporium/local-servers";
import { BFFS, SERVICES, envPrefix, rpcUrlVariable } from "@emporium/registry";
import {
  bffQuery,
  createTestDatabase,
  ensureTemplateDatabase,
  gatewayQuery,
  REPO_ROOT,
  startNodeProcess,
  waitForHttpOk,
  type RunningProcess,
} from "@emporium/testing";

/**
 * `nx run-many -t build` produces deployables: each bundle runs with plain `node` (no TypeScript
 * loader), finds its migrations, SDL and supergraph beside it, and serves real data.
 */
function bundle(entry: string, out: string, assets: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "tools/build/bundle.cjs"), entry, out, ...assets], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`bundling ${entry} failed:\n${r.stdout}${r.stderr}`);
}

/** Third-party packages resolve through NODE_PATH, as from the node_modules of a deployment image. */
const runBundle = (main: string, env: Record<string, string>): RunningProcess =>
  startNodeProcess([main], { ...env, NODE_PATH: path.join(REPO_ROOT, "node_modules") }, os.tmpdir());

describe("built bundles", () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), "emporium-dist-"));
  const procs: RunningProcess[] = [];
  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  /**
   * The project's own build (the workspace's build target: its main.ts plus the assets the project
   * lists as `args`), bundled into a temp dir instead of dist/.
   */
  const build = (project: string): string => {
    const options = JSON.parse(readFileSync(path.join(REPO_ROOT, project, "project.json"), "utf8")).targets.build
      ?.options as { args?: string[] } | undefined;
    const out = path.join(dist, path.basename(project));
    bundle(`${project}/src/main.ts`, out, options?.args ?? []);
    return path.join(out, "main.js");
  };

  it("run with plain node and answer a query through the gateway and each BFF", async () => {
    const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
    const urls: Record<string, string> = {};
    const rpcUrls: Record<string, string> = {};
    const dbs: Array<{ drop(): Promise<void> }> = [];
    try {
      for (const { name: service } of SERVICES) {
        const main = build(`services/${service}`);
        await ensureTemplateDatabase(adminUrl, { service: `${service}_bundle`, migrate: async () => undefined });
        const db = await createTestDatabase(adminUrl, { service: `${service}_bundle` });
        dbs.push(db);
        const [rpc, http] = [await freePort(), await freePort()];
        const prefix = envPrefix(service);
        const proc = runBundle(main, {
          [`${prefix}DATABASE_URL`]: db.databaseUrl,
          [`${prefix}RPC_PORT`]: String(rpc),
          [`${prefix}HTTP_PORT`]: String(http),
          EMPORIUM_SEED: "1",
          EMPORIUM_LOG_LEVEL: "warn",
        });
        procs.push(proc);
        urls[service] = `http://127.0.0.1:${http}`;
        rpcUrls[rpcUrlVariable(service)] = `http://127.0.0.1:${rpc}`;
        await waitForHttpOk(`${urls[service]}/readyz`, proc);
      }
      const gw = await freePort();
      const gateway = runBundle(build("gateway"), {
        EMPORIUM_GATEWAY_PORT: String(gw),
        ...Object.fromEntries(
          SERVICES.filter((s) => s.subgraph).map((s) => [`${envPrefix(s.name)}GRAPHQL_URL`, `${urls[s.name]}/graphql`]),
        ),
        EMPORIUM_LOG_LEVEL: "warn",
      });
      procs.push(gateway);
      await waitForHttpOk(`http://127.0.0.1:${gw}/readyz`, gateway);

      const { body } = await gatewayQuery<{
        products: { edges: Array<{ node: { category: { name: string }; availability: { quantity: number } | null } }> };
      }>(
        `http://127.0.0.1:${gw}`,
        "{ products(first: 5) { edges { node { category { name } availability { quantity } } } } }",
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!.products.edges).toHaveLength(5);
      expect(body.data!.products.edges.every((e) => e.node.availability !== null)).toBe(true);

      // Each BFF finds its SDL beside its bundle, and GraphiQL's assets in node_modules.
      for (const bff of BFFS) {
        const port = await freePort();
        const proc = runBundle(build(bff.name), {
          [`${envPrefix(bff.name)}PORT`]: String(port),
          ...rpcUrls,
          EMPORIUM_LOG_LEVEL: "warn",
        });
        procs.push(proc);
        const url = `http://127.0.0.1:${port}`;
        await waitForHttpOk(`${url}/readyz`, proc);
        expect([bff.name, (await bffQuery(url, "{ __typename }")).body]).toEqual([
          bff.name,
          { data: { __typename: "Query" } },
        ]);
        expect([bff.name, (await fetch(`${url}/graphiql/assets/graphiql.js`)).status]).toEqual([bff.name, 200]);
      }
      for (const p of [...procs].reverse()) expect(await p.stop()).toBe(0);
    } finally {
      for (const db of dbs) await db.drop();
    }
  }, 180_000);
});

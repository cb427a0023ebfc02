import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { BFFS, SERVICES } from "@emporium/registry";
import { scratchClone, type ScratchClone } from "@emporium/workspace-checks/scratch-clone";

/**
 * The generator as the checkout issues will use it: `nx g` in a clone of the repository, then the
 * new service must pass what every service passes. Minutes of work, so a target of its own
 * (`nx run generators:test-scratch`), which `npm test` runs.
 */
describe("a service generated into a scratch clone", () => {
  let ws: ScratchClone;
  // Nx and Jest change behaviour inside a Jest worker: the commands run as a person would run them.
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: "false", FORCE_COLOR: "0" };
  delete env.JEST_WORKER_ID;
  delete env.NODE_ENV;
  const run = (command: string, args: string[]) => {
    const r = spawnSync(command, args, { cwd: ws.root, env, encoding: "utf8", timeout: 300_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ""}` };
  };
  const bin = (tool: string) => path.join("node_modules", ".bin", tool);
  const nx = (...args: string[]) => run(bin("nx"), args);
  const expectSuccess = (r: { status: number | null; output: string }) => {
    if (r.status !== 0) throw new Error(`exit ${r.status}:\n${r.output.slice(-4000)}`);
    return r.output;
  };

  beforeAll(() => {
    ws = scratchClone();
  });
  afterAll(() => ws?.remove());

  it("lists what it would write under --dry-run and writes nothing", () => {
    const output = expectSuccess(nx("g", "@emporium/tools:service", "wishlists", "--dry-run"));
    expect(output).toContain("CREATE services/wishlists/src/app.ts");
    expect(output).toContain("UPDATE libs/registry/src/services.ts");
    expect(existsSync(path.join(ws.root, "services/wishlists"))).toBe(false);
  });

  it("writes the service, then generates its contracts, recomposes the supergraph and records it", () => {
    expectSuccess(nx("g", "@emporium/tools:service", "wishlists"));
    expect(existsSync(path.join(ws.root, "libs/contracts/src/gen/emporium/wishlists/v1/wishlists_service_pb.ts"))).toBe(
      true,
    );
    expect(readFileSync(path.join(ws.root, "gateway/supergraph.graphql"), "utf8")).toContain(
      '@join__graph(name: "wishlists", url: "http://wishlists:4110/graphql")',
    );
    expect(readFileSync(path.join(ws.root, "schema-baselines/gateway.graphql"), "utf8")).toContain("myWishlists(");
  });

  it("type-checks, lints and builds into one bundle", () => {
    expectSuccess(nx("run-many", "-t", "typecheck", "lint", "build", "--projects=wishlists", "--skip-nx-cache"));
    expect(existsSync(path.join(ws.root, "dist/services/wishlists/main.js"))).toBe(true);
    expect(existsSync(path.join(ws.root, "dist/services/wishlists/db/migrations/0001_wishlists.sql"))).toBe(true);
  });

  it("is formatted as npm test demands, and its protos pass buf lint", () => {
    expectSuccess(run(bin("prettier"), ["--check", "services/wishlists", "libs/registry"]));
    expectSuccess(run(process.execPath, ["tools/contracts/contracts.cjs", "lint"]));
  });

  it("passes its first spec against the test PostgreSQL and Keycloak", () => {
    const report = path.join(ws.root, "wishlists-report.json");
    run(bin("jest"), ["--config", "services/wishlists/jest.config.cjs", "--json", `--outputFile=${report}`]);
    const result = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numTotalTests: number };
    expect(result.numTotalTests).toBeGreaterThan(0);
    expect(result.numPassedTests).toBe(result.numTotalTests);
  });

  it("agrees with the registry everywhere the registry check looks", () => {
    const output = expectSuccess(
      run(process.execPath, ["--import", "tsx", "tools/workspace-checks/src/registry-check.ts", ws.root]),
    );
    expect(output).toContain(
      `registry check: ${SERVICES.length + 1} services, the gateway and ${BFFS.length} BFFs agree everywhere`,
    );
  });
});

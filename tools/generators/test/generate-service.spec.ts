import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SERVICES } from "@emporium/registry";
import { scratchWorkspace, type ScratchWorkspace } from "./scratch-workspace";

/**
 * The generator as the checkout issues will use it: `nx g` in a copy of the repository, then the
 * new service must pass what every service passes. Minutes of work, so a target of its own
 * (`nx run generators:test-scratch`), run by `npm test` after the other tests.
 */
describe("a service generated into a scratch copy", () => {
  let ws: ScratchWorkspace;
  const bin = (tool: string) => path.join("node_modules", ".bin", tool);
  const nx = (...args: string[]) => ws.run(bin("nx"), args);
  const expectSuccess = (r: { status: number | null; output: string }) => {
    if (r.status !== 0) throw new Error(`exit ${r.status}:\n${r.output.slice(-4000)}`);
    return r.output;
  };

  beforeAll(() => {
    ws = scratchWorkspace();
  });
  afterAll(() => ws?.remove());

  it("lists what it would write under --dry-run and writes nothing", () => {
    const output = expectSuccess(nx("g", "@emporium/tools:service", "wishlists", "--dry-run"));
    expect(output).toContain("CREATE services/wishlists/src/app.ts");
    expect(output).toContain("UPDATE libs/registry/src/services.ts");
    expect(existsSync(path.join(ws.root, "services/wishlists"))).toBe(false);
  });

  it("writes the service, then generates its contracts and recomposes the supergraph", () => {
    expectSuccess(nx("g", "@emporium/tools:service", "wishlists"));
    expect(existsSync(path.join(ws.root, "libs/contracts/src/gen/emporium/wishlists/v1/wishlists_service_pb.ts"))).toBe(
      true,
    );
    expect(readFileSync(path.join(ws.root, "gateway/supergraph.graphql"), "utf8")).toContain(
      '@join__graph(name: "wishlists", url: "http://wishlists:4110/graphql")',
    );
  });

  it("type-checks, lints and builds into one bundle", () => {
    expectSuccess(nx("run-many", "-t", "typecheck", "lint", "build", "--projects=wishlists", "--skip-nx-cache"));
    expect(existsSync(path.join(ws.root, "dist/services/wishlists/main.js"))).toBe(true);
    expect(existsSync(path.join(ws.root, "dist/services/wishlists/db/migrations/0001_wishlists.sql"))).toBe(true);
  });

  it("is formatted as npm test demands, and its protos pass buf lint", () => {
    expectSuccess(ws.run(bin("prettier"), ["--check", "services/wishlists", "libs/registry"]));
    expectSuccess(ws.run(process.execPath, ["tools/contracts/contracts.cjs", "lint"]));
  });

  it("passes its first spec against the test PostgreSQL and Keycloak", () => {
    const report = path.join(ws.root, "wishlists-report.json");
    ws.run(bin("jest"), ["--config", "services/wishlists/jest.config.cjs", "--json", `--outputFile=${report}`]);
    const result = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numTotalTests: number };
    expect(result.numTotalTests).toBeGreaterThan(0);
    expect(result.numPassedTests).toBe(result.numTotalTests);
  });

  it("agrees with the registry everywhere the registry check looks", () => {
    const output = expectSuccess(
      ws.run(process.execPath, ["--import", "tsx", "tools/workspace-checks/src/registry-check.ts", ws.root]),
    );
    expect(output).toContain(`registry check: ${SERVICES.length + 1} services and the gateway agree everywhere`);
  });
});

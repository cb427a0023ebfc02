import { spawnSync } from "node:child_process";
import path from "node:path";
import { scratchClone, type ScratchClone } from "./scratch-clone";

const SERVICES = ["catalog", "customers", "inventory", "notifications", "reviews"];
const DEPLOYABLES = [...SERVICES, "gateway"];
/**
 * Projects that hold no generated code, no bundle and no stack: a contract change leaves them alone.
 * (bench is not one of them: its overload benchmark runs the platform kit's load shedding.)
 */
const TEST_INFRASTRUCTURE = ["infra-local", "local-servers", "test-runner", "testing"];

/**
 * `nx affected` must select what a change can break, no more and no less. Each case commits one
 * change to a clone of the repository and asks Nx what the last commit affects.
 */
describe("nx affected", () => {
  let clone: ScratchClone;
  beforeAll(() => {
    clone = scratchClone();
  });
  afterAll(() => clone.remove());

  function affectedByLastCommit(): string[] {
    const nx = path.join(clone.root, "node_modules", ".bin", "nx");
    const r = spawnSync(nx, ["show", "projects", "--affected", "--base=HEAD~1", "--head=HEAD", "--json"], {
      cwd: clone.root,
      encoding: "utf8",
      // No daemon, no cached project graph: the answer comes from this clone's files alone.
      env: { ...process.env, NX_DAEMON: "false", NX_CACHE_PROJECT_GRAPH: "false", NX_NO_CLOUD: "true" },
    });
    if (r.status !== 0) throw new Error(`nx show projects failed:\n${r.stdout}${r.stderr}`);
    return (JSON.parse(r.stdout) as string[]).sort();
  }

  it("selects contracts, the services and e2e for a .proto change, not the test infrastructure", () => {
    clone.commitAppend("proto/emporium/catalog/v1/catalog_service.proto", "// a comment is a change too");
    const affected = affectedByLastCommit();
    expect(affected).toEqual(expect.arrayContaining(["contracts", ...SERVICES, "e2e"]));
    for (const project of TEST_INFRASTRUCTURE) expect(affected).not.toContain(project);
  }, 120_000);

  it("selects every deployable and e2e for a bundler change, and nothing the bundler does not build", () => {
    clone.commitAppend("tools/build/bundle.cjs", "// a comment is a change too");
    const affected = affectedByLastCommit();
    expect(affected).toEqual(expect.arrayContaining([...DEPLOYABLES, "e2e"]));
    for (const project of ["contracts", "platform", ...TEST_INFRASTRUCTURE]) expect(affected).not.toContain(project);
  }, 120_000);

  it("selects only the local stack and e2e for a change to the stack CLI", () => {
    clone.commitAppend("infra/local/src/stack-cli.ts", "// a comment is a change too");
    expect(affectedByLastCommit()).toEqual(["e2e", "infra-local"]);
  }, 120_000);

  it("selects every project whose tests start servers for a change to the local servers", () => {
    clone.commitAppend("infra/local-servers/src/port-check.ts", "// a comment is a change too");
    const affected = affectedByLastCommit();
    expect(affected).toEqual(expect.arrayContaining(["local-servers", "testing", "platform", ...DEPLOYABLES, "e2e"]));
    expect(affected).not.toContain("contracts");
  }, 120_000);
});

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO, runNode, scratchCopy } from "./scratch-copy";

const CLI = ["--import", "tsx", path.join(REPO, "tools", "workspace-checks", "src", "doc-links-cli.ts")];

/** Every file git would commit: the check reads the whole tree, so the copy must be whole. */
function repositoryFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout.split("\0").filter((f) => f !== "");
}

/** `npm test` runs this check (the workspace's check-doc-links target): a reference to nothing fails it. */
describe("doc link check", () => {
  let copy: ReturnType<typeof scratchCopy>;
  beforeEach(() => {
    copy = scratchCopy(repositoryFiles());
  });
  afterEach(() => copy.remove());

  it("passes the repository as it is, and a whole copy of it", () => {
    const real = runNode(CLI);
    expect(real).toMatchObject({ status: 0 });
    expect(real.output).toContain("every reference resolves");
    expect(runNode([...CLI, "--root", copy.root])).toMatchObject({ status: 0 });
  });

  it("fails on each kind of broken reference, naming the file, the line and the target", () => {
    const appended = (line: string) => (text: string) => `${text}\n${line}\n`;
    copy.edit("README.md", appended("See [the guide](docs/no-such-guide.md)."));
    copy.edit("docs/conventions.md", appended("See [retries](adr/0006-reliable-messaging.md#no-such-heading)."));
    copy.edit("docs/adr/0001-module-system.md", appended("See [the map](../../../shared/ARCHITECTURE.md)."));
    copy.edit("bff-web/README.md", (t) => t.replace("(../docs/architecture.md#", "(../docs/architecture.md#x-"));
    copy.edit("jest.preset.cjs", (t) =>
      t.replace("see docs/adr/0001)", "see docs/adr/0999)").replace("0001-module-system.md", "0001-modules.md"),
    );
    copy.edit("README.md", (t) =>
      t.replace("`libs/testing/src/auth-matrix.ts`", "`libs/testing/src/auth-matrices.ts`"),
    );
    const lastLine = (file: string) => readFileSync(path.join(copy.root, file), "utf8").split("\n").length - 1;

    const r = runNode([...CLI, "--root", copy.root]);
    expect(r.status).toBe(1);
    for (const line of [
      `README.md:${lastLine("README.md")}: docs/no-such-guide.md — no such file`,
      "no heading #no-such-heading in docs/adr/0006-reliable-messaging.md",
      "../../../shared/ARCHITECTURE.md — points outside the repository",
      "bff-web/README.md:6: ../docs/architecture.md#x-request-paths — no heading #x-request-paths",
      "jest.preset.cjs:1: docs/adr/0999 — no ADR with that number",
      "jest.preset.cjs:2: docs/adr/0001-modules.md — no such file",
      "libs/testing/src/auth-matrices.ts — no such file",
    ])
      expect(r.output).toContain(line);
    expect(r.output).toContain("7 broken doc link(s)");
  });
});

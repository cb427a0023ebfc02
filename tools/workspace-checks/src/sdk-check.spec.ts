import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO, runNode, scratchCopy } from "./scratch-copy";

const CLI = ["--import", "tsx", path.join(REPO, "sdk", "codegen", "src", "sdk-codegen-cli.ts")];
const SDK_FILES = [
  "bff-web/src/graph/schema.graphql",
  "bff-web/persisted-documents.json",
  "sdk/web/operations",
  "sdk/web/src/gen",
  "bff-mobile/src/graph/schema.graphql",
  "bff-mobile/persisted-documents.json",
  "sdk/mobile/operations",
  "sdk/mobile/src/gen",
];

/** The client SDKs' generated code and the BFFs' persisted documents are checked like the contracts' code. */
describe("client SDK drift check", () => {
  let copy: ReturnType<typeof scratchCopy>;
  beforeEach(() => {
    copy = scratchCopy(SDK_FILES);
  });
  afterEach(() => copy.remove());

  it("passes on the committed SDKs and manifests", () => {
    const r = runNode([...CLI, "--check"]);
    expect(r).toMatchObject({ status: 0 });
    expect(r.output).toContain("the web SDK's generated files are up to date");
    expect(r.output).toContain("the mobile SDK's generated files are up to date");
  }, 60_000);

  it("fails when an operation changed and the SDK was not regenerated, naming the command to run", () => {
    copy.edit("sdk/mobile/operations/screens.graphql", (t) => t.replace("    statusReason\n", ""));
    const r = runNode([...CLI, "--check", "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("the mobile SDK's generated files are stale");
    // The typed documents and the BFF's manifest both lag behind the changed operation.
    expect(r.output).toContain("bff-mobile/persisted-documents.json");
    expect(r.output).toContain("sdk/mobile/src/gen/graphql.ts");
    expect(r.output).toContain("Run `npx nx run-many -t sdk`");
    expect(r.output).toContain("the web SDK's generated files are up to date");
  }, 60_000);

  it("fails when the persisted documents were edited by hand", () => {
    copy.edit("bff-web/persisted-documents.json", (t) => t.replace("query Me {", "query Me { __typename"));
    const r = runNode([...CLI, "web", "--check", "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("(bff-web/persisted-documents.json)");
  }, 60_000);

  it("regenerating makes the check pass again, and gives the changed document a new hash", () => {
    const operations = "sdk/web/operations/account.graphql";
    copy.edit(operations, (t) => t.replace("    email\n", ""));
    expect(runNode([...CLI, "web", "--root", copy.root])).toMatchObject({ status: 0 });
    expect(runNode([...CLI, "web", "--check", "--root", copy.root])).toMatchObject({ status: 0 });
    const manifest = (root: string) =>
      Object.values(JSON.parse(readFileSync(path.join(root, "bff-web", "persisted-documents.json"), "utf8")) as object);
    const me = (texts: string[]) => texts.find((t) => t.startsWith("query Me"));
    expect(me(manifest(REPO))).toContain("email");
    expect(me(manifest(copy.root))).not.toContain("email");
  }, 60_000);
});

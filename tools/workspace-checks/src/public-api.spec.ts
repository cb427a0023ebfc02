import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { REPO, runNode } from "./scratch-copy";

/** Each library's entry point and a module behind it that its exports map keeps private. */
const LIBRARIES = [
  { entry: "@emporium/platform", name: "createLogger", deep: "@emporium/platform/src/logging/create-logger" },
  { entry: "@emporium/testing", name: "startTestPostgres", deep: "@emporium/testing/src/postgres-for-tests" },
  { entry: "@emporium/local-servers", name: "freePort", deep: "@emporium/local-servers/src/port-check" },
  { entry: "@emporium/registry", name: "SERVICES", deep: "@emporium/registry/src/services" },
  {
    entry: "@emporium/contracts/emporium/catalog/v1/catalog_service_pb",
    name: "CatalogService",
    deep: "@emporium/contracts/src/gen/emporium/catalog/v1/catalog_service_pb",
  },
];

/**
 * A library is used through its public API only: its package.json exports map names the entry
 * points, and every tool that resolves our imports (TypeScript, tsx, Jest, the bundler) refuses a
 * deep import into its src/. Each case also imports the entry point, so a resolver that cannot
 * read the map at all fails the spec too.
 */
describe("library public API", () => {
  let dir: string;
  beforeAll(() => {
    // A consumer outside the repository that sees its installed packages, as a project inside would.
    dir = mkdtempSync(path.join(os.tmpdir(), "emporium-public-api-"));
    symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** One program over every library's two consumers (a type check of the libraries takes a while). */
  let typeErrors: (specifier: string) => string[];
  beforeAll(() => {
    const base = ts.getParsedCommandLineOfConfigFile(
      path.join(REPO, "tsconfig.base.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    )!;
    const files = new Map(
      LIBRARIES.flatMap(({ entry, name, deep }, i) => [
        [entry, consumer(`${i}-entry.ts`, entry, name)],
        [deep, consumer(`${i}-deep.ts`, deep, name)],
      ]),
    );
    const program = ts.createProgram([...files.values()], { ...base.options, types: [] });
    typeErrors = (specifier) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(files.get(specifier)!)).map((d) => `TS${d.code}`);
  }, 120_000);

  function consumer(file: string, specifier: string, name: string): string {
    const full = path.join(dir, file);
    writeFileSync(full, `import { ${name} } from "${specifier}";\nexport const used = ${name};\n`);
    return full;
  }

  describe.each(LIBRARIES)("$entry", ({ entry, name, deep }) => {
    it("TypeScript resolves the entry point and refuses the deep import", () => {
      expect(typeErrors(entry)).toEqual([]);
      expect(typeErrors(deep)).toEqual(["TS2307"]);
    });

    it("Node (through tsx) resolves the entry point and refuses the deep import", () => {
      const resolve = (specifier: string) =>
        runNode(["--import", "tsx", "-e", `require.resolve(${JSON.stringify(specifier)})`], dir);
      expect(resolve(entry)).toMatchObject({ status: 0 });
      const refused = resolve(deep);
      expect(refused.status).not.toBe(0);
      expect(refused.output).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
    });

    it("Jest resolves the entry point and refuses the deep import", () => {
      expect(() => require.resolve(entry)).not.toThrow();
      expect(() => require.resolve(deep)).toThrow(/Cannot find module/);
    });

    it("the bundler builds from the entry point and refuses the deep import", () => {
      const bundle = (file: string) =>
        spawnSync(process.execPath, [path.join(REPO, "tools/build/bundle.cjs"), file, path.join(dir, "out")], {
          cwd: REPO,
          encoding: "utf8",
        });
      expect(bundle(consumer("entry.ts", entry, name))).toMatchObject({ status: 0 });
      const refused = bundle(consumer("deep.ts", deep, name));
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(deep);
    });
  });
});

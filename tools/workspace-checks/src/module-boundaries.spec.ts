import { createProjectGraphAsync } from "@nx/devkit";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO } from "./scratch-copy";

/**
 * The boundaries are only worth having if they refuse something. Lints source text as if it were a
 * file at the given path, so nothing is written into the real tree.
 */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  // The CLI, not the ESLint API: the API loads the config with a dynamic import Jest cannot run.
  const eslint = path.join(REPO, "node_modules", "eslint", "bin", "eslint.js");
  const r = spawnSync(
    process.execPath,
    [eslint, "--format", "json", "--stdin", "--stdin-filename", path.join(REPO, filePath)],
    { cwd: REPO, input: code, encoding: "utf8" },
  );
  const [result] = JSON.parse(r.stdout || "[]") as Array<{
    messages: Array<{ ruleId: string | null; message: string }>;
  }>;
  if (!result) throw new Error(`eslint gave no result: ${r.stderr}`);
  return result.messages.filter((m) => m.ruleId === "@nx/enforce-module-boundaries").map((m) => m.message);
}

describe("module boundaries", () => {
  beforeAll(async () => {
    // The rule silently skips itself when no project graph is cached: make sure there is one.
    await createProjectGraphAsync({ exitOnError: false });
  }, 120_000);

  it("refuses a service importing the gateway (another deployable)", async () => {
    const errors = await boundaryErrors(
      "services/catalog/src/probe.ts",
      'import { subgraphs } from "@emporium/gateway/src/subgraphs";\nexport const x = subgraphs;\n',
    );
    expect(errors).toEqual([
      expect.stringContaining('A project tagged with "type:service" can only depend on libs tagged with'),
    ]);
  });

  it("refuses a service importing another service's module", async () => {
    const errors = await boundaryErrors(
      "services/reviews/src/probe.ts",
      'import { loadCatalogConfig } from "@emporium/catalog/src/config";\nexport const x = loadCatalogConfig;\n',
    );
    expect(errors).toEqual([
      expect.stringContaining('A project tagged with "type:service" can only depend on libs tagged with'),
    ]);
  });

  it("refuses a service's tests importing another service's module", async () => {
    const errors = await boundaryErrors(
      "services/reviews/test/probe.spec.ts",
      'import { loadCatalogConfig } from "@emporium/catalog/src/config";\nexport const x = loadCatalogConfig;\n',
    );
    expect(errors).toEqual([
      expect.stringContaining('A project tagged with "type:service" can only depend on libs tagged with'),
    ]);
  });

  it("refuses a service reaching into another service by a relative path", async () => {
    const errors = await boundaryErrors(
      "services/reviews/src/probe.ts",
      'import { loadCatalogConfig } from "../../catalog/src/config";\nexport const x = loadCatalogConfig;\n',
    );
    expect(errors).toEqual([expect.stringContaining("Projects cannot be imported by a relative or absolute path")]);
  });

  it("refuses a library importing a service", async () => {
    const errors = await boundaryErrors(
      "libs/platform/src/probe.ts",
      'import { loadCatalogConfig } from "@emporium/catalog/src/config";\nexport const x = loadCatalogConfig;\n',
    );
    // Services depend on the platform, so the rule reports this as the cycle it would create.
    expect(errors).toEqual([expect.stringContaining('Circular dependency between "platform" and "catalog"')]);
  });

  it("refuses a service importing the test harness outside its tests", async () => {
    const errors = await boundaryErrors(
      "services/catalog/src/probe.ts",
      'import * as t from "@emporium/testing";\nexport const x = t;\n',
    );
    expect(errors).toHaveLength(1);
  });

  it("allows a service to use the platform kit and the contracts", async () => {
    const errors = await boundaryErrors(
      "services/catalog/src/probe.ts",
      'import { createLogger } from "@emporium/platform";\nimport { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";\nexport const x = [createLogger, CatalogService];\n',
    );
    expect(errors).toEqual([]);
  });
});

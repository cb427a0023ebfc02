import { createProjectGraphAsync } from "@nx/devkit";
import { lintSource } from "./lint-source";

/** The boundaries are only worth having if they refuse something. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  return lintSource(filePath, code)
    .filter((m) => m.ruleId === "@nx/enforce-module-boundaries")
    .map((m) => m.message);
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
    // Deployables (services, the gateway) are applications: nothing imports them.
    expect(errors).toEqual(["Imports of apps are forbidden"]);
  });

  it("refuses a service importing another service's module", async () => {
    const errors = await boundaryErrors(
      "services/reviews/src/probe.ts",
      'import { loadCatalogConfig } from "@emporium/catalog/src/config";\nexport const x = loadCatalogConfig;\n',
    );
    // Deployables (services, the gateway) are applications: nothing imports them.
    expect(errors).toEqual(["Imports of apps are forbidden"]);
  });

  it("refuses a service's tests importing another service's module", async () => {
    const errors = await boundaryErrors(
      "services/reviews/test/probe.spec.ts",
      'import { loadCatalogConfig } from "@emporium/catalog/src/config";\nexport const x = loadCatalogConfig;\n',
    );
    // Deployables (services, the gateway) are applications: nothing imports them.
    expect(errors).toEqual(["Imports of apps are forbidden"]);
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

import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { summarizeCpuProfile } from "./bff-profile";
import { BFF_SCREENS, sameScreenData } from "./bff-screens";

describe("the BFF benchmark's parts", () => {
  it("summarizes a CPU profile by self time, per package and per function", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "bff-profile-")), "run.cpuprofile");
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame("(idle)", "") },
          { id: 2, callFrame: frame("execute", "file:///repo/node_modules/graphql/execution/execute.js") },
          { id: 3, callFrame: frame("products", "file:///repo/bff-mobile/src/graph/resolvers/home-screen.ts") },
        ],
        samples: [1, 2, 2, 3],
        timeDeltas: [500_000, 250_000, 150_000, 100_000],
      }),
    );
    const lines = summarizeCpuProfile(file);
    expect(lines[0]).toBe("1.0 s sampled.");
    expect(lines).toContain("| (native / V8) | 50.0 % |");
    expect(lines).toContain("| graphql | 40.0 % |");
    expect(lines).toContain("| products · bff-mobile:10 | 10.0 % |");
  });

  it("refuses to compare two answers that do not show the same screen", () => {
    const home = BFF_SCREENS.find((s) => s.screen === "home")!;
    const bff = { homeScreen: { categories: [{ id: "c", name: "C" }], products: [] } };
    const gateway = { categories: [{ id: "c", name: "C" }], products: { edges: [] } };
    expect(() => sameScreenData(home, JSON.stringify({ data: bff }), JSON.stringify({ data: gateway }))).not.toThrow();
    const other = { ...gateway, categories: [{ id: "d", name: "D" }] };
    expect(() => sameScreenData(home, JSON.stringify({ data: bff }), JSON.stringify({ data: other }))).toThrow(
      /differs between bff-mobile and the gateway/,
    );
  });
});

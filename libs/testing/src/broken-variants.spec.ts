import path from "node:path";
import { readdirSync } from "node:fs";
import { loadBrokenVariant, writeBrokenVariant } from "./broken-variants";

describe("broken variants", () => {
  it("loads a copy of a module with the defect written in, and leaves no copy behind", () => {
    const original = jest.requireActual<typeof import("./broken-variants")>("./broken-variants");
    const broken = loadBrokenVariant<typeof import("./broken-variants")>(path.join(__dirname, "broken-variants.ts"), {
      find: "if (count !== 1) {",
      replace: "if (false) {",
    });
    expect(typeof broken.writeBrokenVariant).toBe("function");
    expect(broken.writeBrokenVariant).not.toBe(original.writeBrokenVariant);
    expect(readdirSync(__dirname).filter((f) => f.includes(".broken-"))).toEqual([]);
  });

  it("refuses a defect whose text is not in the file exactly once, so a variant cannot silently test nothing", () => {
    expect(() =>
      writeBrokenVariant(path.join(__dirname, "broken-variants.ts"), { find: "no such text in the file", replace: "" }),
    ).toThrow(/found it 0 times/);
    expect(readdirSync(__dirname).filter((f) => f.includes(".broken-"))).toEqual([]);
  });
});

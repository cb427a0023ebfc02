import { cliOptions, wholeNumber } from "./cli-options";

describe("the run commands' options", () => {
  it("reads --name value pairs the command takes", () => {
    expect(cliOptions(["size", "only"], ["--size", "small", "--only", "kill-orders"])).toEqual({
      size: "small",
      only: "kill-orders",
    });
  });

  it("refuses an option the command does not take, listing the ones it does", () => {
    expect(() => cliOptions(["size", "only"], ["--sise", "small"])).toThrow(
      "Unknown option '--sise'; options: --size, --only",
    );
  });

  it("takes positive whole numbers only, else the fallback", () => {
    expect(wholeNumber("12", "kills", 5)).toBe(12);
    expect(wholeNumber(undefined, "kills", 5)).toBe(5);
    for (const bad of ["0", "-1", "2.5", "many"])
      expect(() => wholeNumber(bad, "kills", 5)).toThrow("--kills takes a positive whole number");
  });
});

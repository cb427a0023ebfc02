import { AppError } from "../errors/app-error";
import { connectionLimit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageLimit } from "./page-size";

const violationOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError && err.code === "INVALID_ARGUMENT") return err.violations;
    throw err;
  }
  throw new Error("accepted");
};

describe("page sizes", () => {
  it("are 20 by default and at most 100, as the conventions say", () => {
    expect([DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE]).toEqual([20, 100]);
  });

  it("RPC page_size: 0 or unset means 20, 1..100 as asked", () => {
    expect([pageLimit(0), pageLimit(undefined), pageLimit(1), pageLimit(37), pageLimit(100)]).toEqual([
      20, 20, 1, 37, 100,
    ]);
  });

  it("RPC page_size above 100 or below 0 is refused like the proto validation refuses it", () => {
    for (const size of [101, -1, 2.5])
      expect(violationOf(() => pageLimit(size))).toEqual([
        {
          field: "page_size",
          ruleId: "int32.gte_lte",
          message: "must be greater than or equal to 0 and less than or equal to 100",
        },
      ]);
  });

  it("GraphQL first: 1..100 as asked; 0, negative or above 100 refused on the argument", () => {
    expect([connectionLimit(1), connectionLimit(100)]).toEqual([1, 100]);
    for (const first of [0, -5, 101, 500])
      expect(violationOf(() => connectionLimit(first))).toEqual([
        { field: "first", ruleId: "first.range", message: "must be between 1 and 100" },
      ]);
  });

  it("bounds a shorter list by its own maximum", () => {
    expect(connectionLimit(20, "first", 20)).toBe(20);
    expect(violationOf(() => connectionLimit(21, "first", 20))).toEqual([
      { field: "first", ruleId: "first.range", message: "must be between 1 and 20" },
    ]);
  });
});

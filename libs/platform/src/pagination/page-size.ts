import { invalidArgument } from "../errors/app-error";

/** The page sizes of every list (docs/conventions.md): 20 when the caller does not say, at most 100. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * How many rows an RPC page holds: `page_size` 0 means the default. Out of range is refused with
 * the rule and message the proto validation uses, so a caller that skipped it hears the same.
 */
export function pageLimit(pageSize: number | undefined, field = "page_size"): number {
  const size = pageSize ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE)
    throw invalidArgument([
      {
        field,
        ruleId: "int32.gte_lte",
        message: `must be greater than or equal to 0 and less than or equal to ${MAX_PAGE_SIZE}`,
      },
    ]);
  return size || DEFAULT_PAGE_SIZE;
}

/**
 * How many items a GraphQL list returns: `first` in 1..100 (the SDL gives the default), or in 1..`max`
 * for a list that is shorter by design (a screen's few cards). Every argument that sizes a list is
 * bounded by its resolver with this (graphql-list-arguments.spec.ts keeps the list of them).
 */
export function connectionLimit(first: number, field = "first", max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(first) || first < 1 || first > max)
    throw invalidArgument([{ field, ruleId: "first.range", message: `must be between 1 and ${max}` }]);
  return first;
}

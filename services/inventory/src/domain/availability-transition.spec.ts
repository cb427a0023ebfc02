import { availabilityTransition } from "./availability-transition";

describe("availabilityTransition", () => {
  it.each([
    [5n, 0n, "depleted"],
    [0n, 1n, "replenished"],
    [0n, 0n, undefined],
    [3n, 1n, undefined],
    [1n, 7n, undefined],
  ] as const)("%s → %s is %s", (before, after, expected) => {
    expect(availabilityTransition(before, after)).toBe(expected);
  });
});

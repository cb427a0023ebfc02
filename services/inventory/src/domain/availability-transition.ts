/**
 * Whether a change of a SKU's available stock crossed zero, the moments others wait for ("sold
 * out", "back in stock"). Moves that stay on one side of zero are no transition, so each crossing
 * is reported exactly once.
 */
export function availabilityTransition(
  availableBefore: bigint,
  availableAfter: bigint,
): "depleted" | "replenished" | undefined {
  if (availableBefore > 0n && availableAfter === 0n) return "depleted";
  if (availableBefore === 0n && availableAfter > 0n) return "replenished";
  return undefined;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; undefined without samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new Error(`a percentile is between 0 and 100, got ${p}`);
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Rounded to `digits` decimals, keeping undefined (no samples) as null for the JSON report. */
export const round = (value: number | undefined, digits = 1): number | null =>
  value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Open-loop load: checkouts start on a fixed clock whatever the platform's latency, so a slow
 * platform meets the same arrival rate instead of a politely slower client (closed loops hide
 * queueing; see "coordinated omission").
 */

/** Start offsets in ms from the step's start: `ratePerSecond` evenly spaced starts per second. */
export function openLoopOffsets(ratePerSecond: number, seconds: number): number[] {
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond))
    throw new Error(`a rate must be a positive number of checkouts per second, got ${ratePerSecond}`);
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new Error(`a step lasts a positive number of seconds, got ${seconds}`);
  const count = Math.floor(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  return Array.from({ length: count }, (_, i) => Math.round(i * interval * 1000) / 1000);
}

/**
 * Runs `start(i)` at each offset, measured from one clock (not from the previous start, so timer
 * lateness does not accumulate); returns every started promise once the last one has started.
 * `lateMs` reports how late each start was (a loaded client machine shows here).
 */
export async function runOpenLoop<T>(
  offsets: readonly number[],
  start: (index: number) => Promise<T>,
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ started: Promise<T>[]; lateMs: number[] }> {
  const t0 = now();
  const started: Promise<T>[] = [];
  const lateMs: number[] = [];
  for (const [index, offset] of offsets.entries()) {
    const wait = t0 + offset - now();
    if (wait > 0) await sleep(wait);
    lateMs.push(Math.max(0, now() - (t0 + offset)));
    started.push(start(index));
  }
  return { started, lateMs };
}

/** Parses `5,10,20,50` into rates; refuses anything but positive numbers. */
export function parseRates(text: string): number[] {
  const rates = text.split(",").map((part) => Number(part.trim()));
  if (rates.length === 0 || rates.some((r) => !(r > 0) || !Number.isFinite(r)))
    throw new Error(
      `BENCH_RATES must be positive numbers separated by commas, e.g. 5,10,20,50; got ${JSON.stringify(text)}`,
    );
  return rates;
}

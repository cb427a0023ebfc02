/** When the supervisor restarts a service that exited on its own. */
export interface RestartPolicy {
  /** Delay before the first restart after a stable run. */
  initialDelayMs: number;
  /** The delay doubles with every exit in a row, up to this. */
  maxDelayMs: number;
  /** A service that stayed up this long counts as healthy again: the next delay starts over. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
};

/**
 * The delay before restart number `failuresInARow` (1 = the first exit since the service was last
 * stable): initial, doubled per further exit, capped. Growing delays keep a service that crashes at
 * once (bad configuration, a dependency down for long) from spinning the machine's cores.
 */
export function restartDelayMs(failuresInARow: number, policy: RestartPolicy): number {
  const doublings = Math.max(0, failuresInARow - 1);
  // 2 ** 31 is far past any cap; bounding the exponent keeps the number finite.
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(doublings, 31));
}

import { breakerStateName, type Second } from "./chaos-load";

// What the per-second timeline of a chaos run says about one window of it.

/** A window of the run, in seconds since it began. */
export interface Window {
  from: number;
  to: number;
}

const inWindow = (seconds: readonly Second[], w: Window) =>
  seconds.filter((s) => s.t >= Math.floor(w.from) && s.t < Math.ceil(w.to));

/** Failed calls over all calls the clients made in the window (0 when they made none). */
export function errorRateIn(seconds: readonly Second[], w: Window): number {
  const picked = inWindow(seconds, w);
  const calls = picked.reduce((n, s) => n + s.calls, 0);
  return calls === 0 ? 0 : picked.reduce((n, s) => n + s.failedCalls, 0) / calls;
}

/** Product-page queries in the window: how many returned the product, how many did not. */
export function productPagesIn(seconds: readonly Second[], w: Window): { served: number; failed: number } {
  const picked = inWindow(seconds, w);
  return {
    served: picked.reduce((n, s) => n + s.productPages.served, 0),
    failed: picked.reduce((n, s) => n + s.productPages.failed, 0),
  };
}

/** Seconds in the window in which the sampled breaker (`"<service>→<upstream>"`) was open. */
export function breakerOpenSecondsIn(seconds: readonly Second[], w: Window, breaker: string): number {
  return inWindow(seconds, w).filter((s) => breakerStateName(s.breakers[breaker]) === "open").length;
}

import type { SubscriptionHandlers } from "@emporium/sdk-client";

/** What a subscription delivered, in order, and how it ended. */
export interface Recorder<T> {
  items: T[];
  readonly error: unknown;
  readonly completed: boolean;
  handlers: Required<SubscriptionHandlers<T>>;
  /** Waits until `done` holds (polling, bounded); fails early with the subscription's error. */
  until(what: string, done: (items: T[]) => boolean, timeoutMs?: number): Promise<void>;
}

export function recorder<T>(): Recorder<T> {
  const items: T[] = [];
  let error: unknown;
  let completed = false;
  return {
    items,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    handlers: {
      next: (data) => items.push(data),
      error: (e) => (error = e),
      complete: () => (completed = true),
    },
    async until(what, done, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(items)) {
        if (error !== undefined) throw new Error(`waiting for ${what}, the subscription failed: ${String(error)}`);
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; received so far: ${JSON.stringify(items)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

import type { BackgroundWorker, Logger } from "@emporium/platform";
import type { NotificationsDeps } from "./notifications-deps";

export type DispatchDeps = Pick<NotificationsDeps, "dispatchTransaction" | "clock">;

export const MAX_DELIVERY_ATTEMPTS = 5;
const BATCH = 100;

/**
 * Delivers up to `limit` pending messages, oldest first, and returns how many were delivered.
 * Each message gets a savepoint, so one that fails is counted and retried later (given up after
 * MAX_DELIVERY_ATTEMPTS) without holding back the others.
 */
export async function dispatchPendingMessages(deps: DispatchDeps, limit = BATCH): Promise<number> {
  return deps.dispatchTransaction(async (tx) => {
    let delivered = 0;
    for (const message of await tx.messages.claimPending(limit)) {
      try {
        await tx.savepoint(async () => {
          const at = deps.clock();
          await tx.mailbox.deliver(message, at);
          await tx.messages.markDelivered(message.id, at);
        });
        delivered++;
      } catch (err) {
        const error = (err as Error).message ?? String(err);
        await tx.messages.markAttemptFailed(message.id, error, MAX_DELIVERY_ATTEMPTS);
      }
    }
    return delivered;
  });
}

/** Runs the dispatcher every `intervalMs` until stopped (one run at a time); stop() waits for a run in progress. */
export function startDispatcher(
  deps: DispatchDeps,
  options: { intervalMs: number; logger: Logger },
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = async () => {
    // Drain in batches: a backlog goes out at once, not one batch per interval.
    for (let n = BATCH; n === BATCH && !stopped;) n = await dispatchPendingMessages(deps, BATCH);
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = run()
      .catch((err: Error) => options.logger.warn({ err: err.message }, "message dispatch failed; will retry"))
      .finally(() => (running = undefined));
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** The dispatcher as one of the service's background workers: started with it, stopped after the host drains. */
export function dispatcherWorker(deps: DispatchDeps, intervalMs: number, logger: Logger): BackgroundWorker {
  let dispatcher: ReturnType<typeof startDispatcher> | undefined;
  return {
    name: "message-dispatcher",
    start: () => void (dispatcher = startDispatcher(deps, { intervalMs, logger })),
    stop: () => dispatcher?.stop(),
  };
}

import { inTransaction, type BackgroundWorker, type Logger, type Pool } from "@emporium/platform";
import type { Mailbox } from "../db/local-mailbox";
import { MessageRepository } from "../db/message-repository";

export interface DispatchDeps {
  pool: Pool;
  mailbox: Mailbox;
  clock: () => Date;
}

export const MAX_DELIVERY_ATTEMPTS = 5;
const BATCH = 100;

/**
 * Delivers up to `limit` pending messages, oldest first, and returns how many were delivered.
 * Each message gets a savepoint, so one that fails is counted and retried later (given up after
 * MAX_DELIVERY_ATTEMPTS) without holding back the others.
 */
export async function dispatchPendingMessages(deps: DispatchDeps, limit = BATCH): Promise<number> {
  return inTransaction(deps.pool, async (tx) => {
    const messages = new MessageRepository(tx);
    let delivered = 0;
    for (const message of await messages.claimPending(limit)) {
      await tx.query("SAVEPOINT deliver");
      try {
        const at = deps.clock();
        await deps.mailbox.deliver(tx, message, at);
        await messages.markDelivered(message.id, at);
        await tx.query("RELEASE SAVEPOINT deliver");
        delivered++;
      } catch (err) {
        await tx.query("ROLLBACK TO SAVEPOINT deliver");
        await messages.markAttemptFailed(message.id, (err as Error).message ?? String(err), MAX_DELIVERY_ATTEMPTS);
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

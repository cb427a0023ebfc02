import type { BackgroundWorker, Logger } from "@emporium/platform";
import type { OrdersDeps, StorePosition } from "./orders-deps";

export const PROJECTION_BATCH = 200;

/** Keeps the read models up with the event store: catches up, then looks again every `intervalMs`. */
export function projectionWorker(deps: OrdersDeps, intervalMs: number, logger: Logger): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      while (!stopped && (await deps.projection.catchUp(PROJECTION_BATCH)) === PROJECTION_BATCH);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "order projection failed; will retry");
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), intervalMs).unref();
  };
  return {
    name: "order-projection",
    start() {
      running = tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Read-your-writes: waits until the read models include `position` (a write the caller just
 * committed), pulling the projection along rather than waiting for its next round. Gives up after
 * `deps.readYourWritesTimeoutMs` (a transaction that began before the write and is still running
 * holds the projection back) and says whether it got there.
 */
export async function awaitReadModels(deps: OrdersDeps, position: StorePosition): Promise<boolean> {
  const deadline = Date.now() + deps.readYourWritesTimeoutMs;
  for (;;) {
    if (await deps.projection.reached(position)) return true;
    if (Date.now() >= deadline) return false;
    if ((await deps.projection.catchUp(PROJECTION_BATCH)) === 0) await new Promise((r) => setTimeout(r, 20));
  }
}

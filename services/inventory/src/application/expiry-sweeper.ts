import type { BackgroundWorker, Logger } from "@emporium/platform";
import type { InventoryDeps } from "./inventory-deps";
import { expireReservations } from "./reservations";

/** Expired reservations give their stock back without anyone asking. */
export function expirySweeper(deps: InventoryDeps, intervalMs: number, logger: Logger): BackgroundWorker {
  let sweeper: NodeJS.Timeout | undefined;
  return {
    name: "expiry-sweeper",
    start() {
      sweeper = setInterval(() => {
        expireReservations(deps).then(
          (n) => n && logger.info({ expired: n }, "released expired reservations"),
          (err: Error) => logger.warn({ err: err.message }, "expiry sweep failed; will retry"),
        );
      }, intervalMs);
      sweeper.unref();
    },
    stop: () => clearInterval(sweeper),
  };
}

import { AppError, type BackgroundWorker, type Logger } from "@emporium/platform";
import { decideCheckout, type CheckoutInput } from "../domain/checkout";
import { replay } from "../domain/order-aggregate";
import { appendDecision, decideOnOrder, MAX_ATTEMPTS, type Changed, type CommandContext } from "./order-commands";
import type { OrderStore, OrdersDeps } from "./orders-deps";

/** What a participant's reply, or the parcel's progress, says about an order's checkout. */
export type CheckoutNews = Extract<CheckoutInput, { kind: "succeeded" | "failed" | "parcel" }>;

/**
 * A participant answered (or the carrier moved the parcel): the order decides, appends and sends
 * its next commands over `store`, the message's inbox transaction, so a redelivered reply finds its
 * decision made. A reply for a step the order is not waiting on, or for an order this service does
 * not have, changes nothing (the caller logs why).
 */
export async function takeCheckoutNews(
  deps: OrdersDeps,
  store: OrderStore,
  ctx: CommandContext,
  orderId: string,
  news: CheckoutNews,
): Promise<Changed | { ignored: string }> {
  try {
    return await decideOnOrder(
      deps,
      store,
      ctx,
      orderId,
      () => true,
      (order, at) => decideCheckout(order, news, at, deps.checkout),
    );
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") return { ignored: err.message };
    throw err;
  }
}

/**
 * Times out one step whose deadline passed, if there is one: claimed with its row locked (another
 * instance takes another), decided and appended in that transaction, the deadline replaced by the
 * next step's. Returns whether it found one.
 */
export async function timeOutNextDueStep(deps: OrdersDeps, logger: Logger): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.orders.transaction(async (tx) => {
        const due = await tx.claimDueDeadline(deps.clock());
        if (!due) return false;
        const ctx: CommandContext = { requestId: `deadline:${due.correlationId}`, correlationId: due.correlationId };
        const { order, version } = await tx.load(due.orderId);
        const decision = order
          ? decideCheckout(order, { kind: "timedOut", correlationId: due.correlationId }, deps.clock(), deps.checkout)
          : { events: [], commands: [], ignored: `order ${due.orderId} does not exist` };
        if (decision.events.length === 0) {
          // Already answered (the deadline row is stale): only the row goes.
          logger.info({ orderId: due.orderId, why: decision.ignored }, "step deadline without a waiting step");
          await tx.setDeadline(due.orderId, order?.checkout.awaiting);
          return true;
        }
        const after = replay(
          decision.events.map((event, i) => ({ event, version: version + i + 1 })),
          order,
        )!;
        await appendDecision(tx, ctx, { order, version }, due.orderId, decision, after, deps.steps);
        logger.warn({ orderId: due.orderId, correlationId: due.correlationId }, "checkout step timed out");
        return true;
      });
    } catch (err) {
      if (!(err instanceof AppError && err.code === "ABORTED") || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

/** Looks for due step deadlines every `intervalMs` and times them out, all that are due each round. */
export function deadlineWorker(deps: OrdersDeps, intervalMs: number, logger: Logger): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      while (!stopped && (await timeOutNextDueStep(deps, logger)));
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "timing out checkout steps failed; will retry");
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), intervalMs).unref();
  };
  return {
    name: "checkout-deadlines",
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

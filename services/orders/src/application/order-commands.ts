import { AppError } from "@emporium/platform";
import { replay } from "../domain/order-aggregate";
import type { Order } from "../domain/order";
import type { OrderEvent } from "../domain/order-events";
import type { EventMetadata, OrdersDeps } from "./orders-deps";
import { awaitReadModels } from "./order-projection-worker";

/** Where a command comes from: the request (for the events' metadata). */
export interface CommandContext {
  requestId: string;
  traceparent?: string;
  /** The conversation the command belongs to, when it continues one (the saga); else the request id. */
  correlationId?: string;
}

export const metadataOf = (ctx: CommandContext): EventMetadata => ({
  causationId: ctx.requestId,
  correlationId: ctx.correlationId ?? ctx.requestId,
  traceparent: ctx.traceparent,
});

/** A version conflict is retried this many times in all before the caller gets ABORTED. */
export const MAX_ATTEMPTS = 5;

/**
 * Runs a command on an existing order: load (snapshot + later events), decide, append at the
 * loaded version. When another command appended first (ABORTED), it loads again and decides
 * again on the new state: the decision is never made on a stale order. `visible` says whether the
 * caller may act on the order at all (NOT_FOUND otherwise, as for one that does not exist).
 */
export async function changeOrder(
  deps: OrdersDeps,
  ctx: CommandContext,
  orderId: string,
  visible: (order: Order) => boolean,
  decide: (order: Order, at: Date) => OrderEvent[],
): Promise<Order> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { order, position } = await deps.orders.transaction(async (tx) => {
        const loaded = await tx.load(orderId);
        if (!loaded.order || !visible(loaded.order))
          throw new AppError("NOT_FOUND", `order ${JSON.stringify(orderId)} does not exist`);
        const events = decide(loaded.order, deps.clock());
        const position = await tx.append(orderId, loaded.version, events, metadataOf(ctx));
        const appended = events.map((event, i) => ({ event, version: loaded.version + i + 1 }));
        return { order: replay(appended, loaded.order)!, position };
      });
      await awaitReadModels(deps, position);
      return order;
    } catch (err) {
      if (!(err instanceof AppError && err.code === "ABORTED") || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

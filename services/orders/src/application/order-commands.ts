import { AppError } from "@emporium/platform";
import type { Decision } from "../domain/checkout";
import { replay } from "../domain/order-aggregate";
import type { Order } from "../domain/order";
import { commandRecord } from "./checkout-commands";
import type {
  EventMetadata,
  OrderStore,
  OrderTransaction,
  OrdersDeps,
  SagaCheckpoints,
  StorePosition,
} from "./orders-deps";
import { awaitReadModels } from "./order-projection-worker";

/** Where a command comes from: the request or message (for the events' metadata). */
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

/** What a change made of the order: its state after, and the position of its last event (none when nothing was appended). */
export interface Changed {
  order: Order;
  position?: StorePosition;
  /** Why nothing was appended (a stale reply): for the log. */
  ignored?: string;
}

/**
 * Appends a decision: its events after `expectedVersion`, its commands to the outbox (at the
 * order's version after the events) and the order's step deadline, in the caller's transaction,
 * so the commands exist exactly when the decision does. Each command passes its step's checkpoint
 * first (`fault.crash-at-step` ends the process there, before the transaction commits). Returns
 * the order after it.
 */
export async function appendDecision(
  tx: OrderTransaction,
  ctx: CommandContext,
  before: { order: Order | undefined; version: number },
  orderId: string,
  decision: Decision,
  after: Order,
  steps?: SagaCheckpoints,
): Promise<StorePosition> {
  // The deadline row first: a deadline worker that holds it is waited for before this append can
  // conflict with its own (no lock cycle), and one that does not yet hold it skips it.
  await tx.setDeadline(orderId, after.checkout.awaiting);
  const position = await tx.append(orderId, before.version, decision.events, metadataOf(ctx));
  const version = before.version + decision.events.length;
  const needsPlacement = decision.commands.some((c) => c.step === "authorize-payment" || c.step === "create-shipment");
  const placement = needsPlacement ? await tx.placementOf(orderId) : undefined;
  for (const command of decision.commands) {
    await steps?.atStep(command.step);
    await tx.recordCommand(commandRecord(command, placement, version, ctx.traceparent));
  }
  return position;
}

/**
 * Runs a decision on an existing order: load (snapshot + later events), decide, append at the
 * loaded version. When another change appended first (ABORTED), it loads again and decides again
 * on the new state: the decision is never made on a stale order. `visible` says whether the
 * caller may act on the order at all (NOT_FOUND otherwise, as for one that does not exist).
 * `store` is the service's own (a transaction per attempt) or one over a message's inbox
 * transaction (a savepoint per attempt).
 */
export async function decideOnOrder(
  deps: OrdersDeps,
  store: OrderStore,
  ctx: CommandContext,
  orderId: string,
  visible: (order: Order) => boolean,
  decide: (order: Order, at: Date) => Decision,
): Promise<Changed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(async (tx) => {
        const loaded = await tx.load(orderId);
        if (!loaded.order || !visible(loaded.order))
          throw new AppError("NOT_FOUND", `order ${JSON.stringify(orderId)} does not exist`);
        const decision = decide(loaded.order, deps.clock());
        if (decision.events.length === 0) return { order: loaded.order, ignored: decision.ignored };
        const appended = decision.events.map((event, i) => ({ event, version: loaded.version + i + 1 }));
        const order = replay(appended, loaded.order)!;
        const position = await appendDecision(tx, ctx, loaded, orderId, decision, order, deps.steps);
        return { order, position };
      });
    } catch (err) {
      if (!(err instanceof AppError && err.code === "ABORTED") || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

/** A request's change: decided as above, then answered once the read models show it (bounded; ADR 0016). */
export async function changeOrder(
  deps: OrdersDeps,
  ctx: CommandContext,
  orderId: string,
  visible: (order: Order) => boolean,
  decide: (order: Order, at: Date) => Decision,
): Promise<Order> {
  const changed = await decideOnOrder(deps, deps.orders, ctx, orderId, visible, decide);
  if (changed.position) await awaitReadModels(deps, changed.position);
  return changed.order;
}

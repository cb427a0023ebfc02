import { ORDER_EVENT_SCHEMAS } from "../src/application/order-event-codec";
import { changeOrder } from "../src/application/order-commands";
import type { OrderStore, OrderTransaction } from "../src/application/orders-deps";
import { replay } from "../src/domain/order-aggregate";
import { recordedEvents } from "@emporium/testing";
import { ALICE, appendPlacedOrder, cancelling, startOrders, type RunningOrders } from "./orders-harness";

const meta = { causationId: "spec", correlationId: "spec" };
const SCHEMAS = Object.values(ORDER_EVENT_SCHEMAS);

/** A promise and the function that settles it: lets a spec hold a transaction open. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The real store, with a pause before the first append of the first transaction (a test hook). */
function pausingFirstAppend(store: OrderStore, paused: Promise<void>, reached: () => void): OrderStore {
  let first = true;
  return {
    ...store,
    load: (id) => store.load(id),
    history: (id) => store.history(id),
    transaction: (work) =>
      store.transaction((tx) => {
        if (!first) return work(tx);
        first = false;
        const held: OrderTransaction = Object.create(tx) as OrderTransaction;
        held.append = async (...args) => {
          reached();
          await paused;
          return tx.append(...args);
        };
        return work(held);
      }),
  };
}

describe("the order event store", () => {
  let svc: RunningOrders;
  beforeAll(async () => {
    svc = await startOrders({ EMPORIUM_ORDERS_SNAPSHOT_EVERY: "3" });
  });
  afterAll(() => svc?.stop());

  it("two appends after the same version: one commits, the other is ABORTED and leaves nothing behind", async () => {
    const { orderId } = await appendPlacedOrder(svc, ALICE);
    const { order, version } = await svc.app.deps.orders.load(orderId);
    const outboxBefore = (await recordedEvents(svc.app.pool, SCHEMAS)).length;
    const cancel = (reason: string) => cancelling(reason)(order!, new Date()).events;
    const results = await Promise.allSettled([
      svc.app.deps.orders.transaction((tx) => tx.append(orderId, version, cancel("a"), meta)),
      svc.app.deps.orders.transaction((tx) => tx.append(orderId, version, cancel("b"), meta)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refusal = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: "ABORTED", message: expect.stringContaining("changed concurrently") });
    const history = await svc.app.deps.orders.history(orderId);
    expect(history.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect((await recordedEvents(svc.app.pool, SCHEMAS)).length).toBe(outboxBefore + 3);
  });

  it("two concurrent commands on one order: the loser gets the conflict, reloads and decides again on the new state", async () => {
    const { orderId } = await appendPlacedOrder(svc, ALICE);
    const hold = gate();
    const holding = gate();
    const slowDeps = { ...svc.app.deps, orders: pausingFirstAppend(svc.app.deps.orders, hold.opened, holding.open) };
    const decisions: string[] = [];
    const ctx = { requestId: "spec" };
    // The slow command loads version 2 (PENDING), decides to cancel, and waits before appending.
    const slow = changeOrder(
      slowDeps,
      ctx,
      orderId,
      () => true,
      (order, at) => {
        decisions.push(`cancel at ${order.status} v${order.version}`);
        return cancelling("slow")(order, at);
      },
    );
    await holding.opened;
    // Meanwhile the customer cancels: it wins version 3.
    const cancelled = await changeOrder(svc.app.deps, ctx, orderId, () => true, cancelling("mine"));
    expect(cancelled).toMatchObject({ status: "CANCELLED", statusSequence: 2 });
    hold.open();
    // The slow one's append at version 3 conflicts; its retry sees CANCELLED and refuses to cancel again.
    await expect(slow).rejects.toMatchObject({ code: "FAILED_PRECONDITION" });
    expect(decisions).toEqual(["cancel at PENDING v2", "cancel at CANCELLED v5"]);
    const { order } = await svc.app.deps.orders.load(orderId);
    expect(order).toMatchObject({ status: "CANCELLED", statusReason: "mine", statusSequence: 2, version: 5 });
  });

  it("every 3 events a snapshot is stored; snapshot plus later events equals a full replay", async () => {
    const { orderId } = await appendPlacedOrder(svc, ALICE);
    await changeOrder(svc.app.deps, { requestId: "spec" }, orderId, () => true, cancelling("r"));
    const { rows } = await svc.app.pool.query<{ version: string }>(
      "SELECT version FROM order_snapshots WHERE stream_id = $1",
      [orderId],
    );
    expect(rows).toEqual([{ version: "3" }]);
    const loaded = await svc.app.deps.orders.load(orderId);
    const full = replay(await svc.app.deps.orders.history(orderId));
    expect(loaded.order).toEqual(full);
    expect(loaded).toMatchObject({ version: 5, order: { status: "CANCELLED", statusSequence: 2 } });
  });

  it("stores each event with its protobuf payload and metadata, and puts it in the outbox once, at its stream version", async () => {
    const { orderId } = await appendPlacedOrder(svc, ALICE);
    const { rows } = await svc.app.pool.query<{ version: string; type: string; metadata: Record<string, string> }>(
      "SELECT version, type, metadata FROM order_events WHERE stream_id = $1 ORDER BY version",
      [orderId],
    );
    expect(rows.map((r) => [r.version, r.type])).toEqual([
      ["1", "emporium.orders.v1.OrderPlaced"],
      ["2", "emporium.orders.v1.OrderStatusChanged"],
    ]);
    expect(rows[0]!.metadata).toMatchObject({
      causationId: "test",
      correlationId: "test",
      eventId: expect.any(String),
    });
    const published = (await recordedEvents(svc.app.pool, SCHEMAS)).filter((e) => e.aggregateId === orderId);
    expect(published.map((e) => [e.eventType, e.aggregateVersion])).toEqual([
      ["emporium.orders.v1.OrderPlaced", 1n],
      ["emporium.orders.v1.OrderStatusChanged", 2n],
    ]);
    expect(published[1]!.payload).toMatchObject({ orderId, customerId: ALICE, version: 2n, statusSequence: 1n });
  });
});

import { execFile } from "node:child_process";
import { Code, ConnectError } from "@connectrpc/connect";
import { OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import path from "node:path";
import { promisify } from "node:util";
import { changeOrder } from "../src/application/order-commands";
import type { StorePosition } from "../src/application/orders-deps";
import { placeOrder, replay } from "../src/domain/order-aggregate";
import {
  ALICE,
  BOB,
  appendPlacedOrder,
  cancelling,
  eur,
  projected,
  sampleLines,
  startOrders,
  type RunningOrders,
} from "./orders-harness";

/** The read model as rows, in a fixed order, for row-by-row comparison. */
const viewRows = async (svc: RunningOrders) =>
  (await svc.app.pool.query("SELECT * FROM order_views ORDER BY order_id")).rows;

describe("the order projection", () => {
  let svc: RunningOrders;
  beforeAll(async () => {
    svc = await startOrders();
  });
  afterAll(() => svc?.stop());

  it("builds the read model from the events: the order, its lines, totals and status", async () => {
    const { orderId, position } = await appendPlacedOrder(svc, ALICE);
    await projected(svc, position);
    const view = await svc.app.deps.views.byId(orderId);
    expect(view).toEqual((await svc.app.deps.orders.load(orderId)).order);
    expect(view).toMatchObject({ status: "PENDING", lines: sampleLines(), total: eur(4994n), customerId: ALICE });
  });

  it("two appends committed in the reverse order of their positions both reach the projection", async () => {
    const hold = { open: () => undefined as void };
    const held = new Promise<void>((resolve) => (hold.open = resolve));
    let appended!: (p: StorePosition) => void;
    const firstAppended = new Promise<StorePosition>((resolve) => (appended = resolve));
    const firstId = "reverse-first";
    // The first transaction takes its position, then stays open.
    const first = svc.app.deps.orders.transaction(async (tx) => {
      const events = placeOrder(
        { orderId: firstId, customerId: BOB, lines: sampleLines(), shippingAddress: address, shipping: eur(0n) },
        new Date(),
      );
      appended(await tx.append(firstId, 0, events, { causationId: "spec", correlationId: "spec" }));
      await held;
    });
    const firstPosition = await firstAppended;
    // The second appends after it (a higher position) and commits first.
    const second = await appendPlacedOrder(svc, BOB);
    expect(second.position.transactionId).toBeGreaterThan(firstPosition.transactionId);
    // The projection may not pass the open transaction: the second event waits for it.
    await svc.app.deps.projection.catchUp(1000);
    expect(await svc.app.deps.projection.reached(second.position)).toBe(false);
    expect(await svc.app.deps.views.byId(second.orderId)).toBeUndefined();
    hold.open();
    await first;
    await projected(svc, second.position);
    expect(await svc.app.deps.views.byId(firstId)).toMatchObject({ id: firstId, status: "PENDING" });
    expect(await svc.app.deps.views.byId(second.orderId)).toMatchObject({ id: second.orderId, status: "PENDING" });
  });

  it("an order the projection has not reached yet is read by id from its stream, by its owner only", async () => {
    // A transaction that took its position first and stays open holds the projection back.
    const hold = { open: () => undefined as void };
    const held = new Promise<void>((resolve) => (hold.open = resolve));
    let appended!: () => void;
    const holding = new Promise<void>((resolve) => (appended = resolve));
    const blocker = svc.app.deps.orders.transaction(async (tx) => {
      const events = placeOrder(
        { orderId: "held-back", customerId: BOB, lines: sampleLines(), shippingAddress: address, shipping: eur(0n) },
        new Date(),
      );
      await tx.append("held-back", 0, events, { causationId: "spec", correlationId: "spec" });
      appended();
      await held;
    });
    try {
      await holding;
      const { orderId, position } = await appendPlacedOrder(svc, ALICE);
      await svc.app.deps.projection.catchUp(1000);
      expect(await svc.app.deps.projection.reached(position)).toBe(false);
      expect(await svc.app.deps.views.byId(orderId)).toBeUndefined();

      const { order } = await svc.client(svc.tokens.alice).getOrder({ id: orderId });
      expect(order).toMatchObject({ id: orderId, customerId: ALICE, status: OrderStatus.PENDING });
      expect(order!.lines).toHaveLength(sampleLines().length);
      const refused = await svc
        .client(svc.tokens.bob)
        .getOrder({ id: orderId })
        .then(
          () => undefined,
          (err: unknown) => ConnectError.from(err),
        );
      expect(refused).toMatchObject({ code: Code.NotFound, rawMessage: `order "${orderId}" does not exist` });
      // Lists stay on the read model: the order is not listed yet.
      const { orders } = await svc.client(svc.tokens.alice).listMyOrders({ pageSize: 50 });
      expect(orders.map((o) => o.id)).not.toContain(orderId);
    } finally {
      hold.open();
      await blocker;
    }
  });

  it("a rebuild from a full replay equals the live read model, row by row", async () => {
    for (let i = 0; i < 5; i++) {
      const { orderId } = await appendPlacedOrder(svc, i % 2 ? ALICE : BOB);
      if (i % 2) await changeOrder(svc.app.deps, { requestId: "spec" }, orderId, () => true, cancelling("r"));
    }
    const last = await appendPlacedOrder(svc, ALICE);
    await projected(svc, last.position);
    const live = await viewRows(svc);
    const { events } = await svc.app.deps.projection.rebuild(7);
    expect(events).toBeGreaterThanOrEqual(live.length * 2);
    expect(await viewRows(svc)).toEqual(live);
  });

  it("a rebuild while orders are being placed and cancelled loses nothing: every order equals its replay", async () => {
    let placing = true;
    let lastPosition: StorePosition | undefined;
    const ids: string[] = [];
    const writer = (async () => {
      for (let i = 0; placing || i < 10; i++) {
        const placed = await appendPlacedOrder(svc, i % 2 ? ALICE : BOB);
        ids.push(placed.orderId);
        lastPosition = placed.position;
        if (i % 3 === 0)
          await changeOrder(svc.app.deps, { requestId: "spec" }, placed.orderId, () => true, cancelling("r"));
      }
    })();
    await svc.app.deps.projection.rebuild(5);
    await svc.app.deps.projection.rebuild(50);
    placing = false;
    await writer;
    const final = await appendPlacedOrder(svc, ALICE);
    await projected(svc, final.position);
    expect(lastPosition).toBeDefined();
    for (const id of [...ids, final.orderId]) {
      const expected = replay(await svc.app.deps.orders.history(id));
      expect(await svc.app.deps.views.byId(id)).toEqual(expected);
    }
    await expectViewsEqualReplay(svc);
  });

  it("npm run orders -- rebuild-projections rebuilds and swaps while the service runs and orders come in", async () => {
    let placing = true;
    const writer = (async () => {
      for (let i = 0; placing || i < 5; i++) await appendPlacedOrder(svc, i % 2 ? ALICE : BOB);
    })();
    const run = await ordersCli(svc, "rebuild-projections");
    placing = false;
    await writer;
    expect(run).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^rebuilt the order read models from \d+ events/),
    });
    await projected(svc, (await appendPlacedOrder(svc, ALICE)).position);
    await expectViewsEqualReplay(svc);
    expect(await ordersCli(svc, "rebuild-everything")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("usage"),
    });
  });
});

/**
 * Every order in the read model equals the fold of its stream, and every stream has its row. A
 * stream without a row fails with its events' positions and the checkpoint, to show which side of
 * the checkpoint the projection lost it on.
 */
async function expectViewsEqualReplay(svc: RunningOrders) {
  const { rows: streams } = await svc.app.pool.query<{ id: string }>(
    "SELECT DISTINCT stream_id AS id FROM order_events",
  );
  const withoutRow: unknown[] = [];
  for (const { id } of streams) {
    const view = await svc.app.deps.views.byId(id);
    if (view) expect(view).toEqual(replay(await svc.app.deps.orders.history(id)));
    else withoutRow.push({ id, events: await positionsOf(svc, id), checkpoint: await checkpointOf(svc) });
  }
  expect(withoutRow).toEqual([]);
  const { rows } = await svc.app.pool.query<{ n: number; streams: number }>(
    "SELECT (SELECT count(*)::int FROM order_views) AS n, (SELECT count(DISTINCT stream_id)::int FROM order_events) AS streams",
  );
  expect(rows[0]!.n).toBe(rows[0]!.streams);
}

const positionsOf = async (svc: RunningOrders, streamId: string) =>
  (
    await svc.app.pool.query(
      "SELECT transaction_id::text, seq, version, type FROM order_events WHERE stream_id = $1 ORDER BY version",
      [streamId],
    )
  ).rows;

const checkpointOf = async (svc: RunningOrders) =>
  (await svc.app.pool.query("SELECT transaction_id::text, seq FROM projection_checkpoints")).rows;

/** `npm run orders -- <args>` as the operator runs it (the CLI, on this spec's database). */
function ordersCli(svc: RunningOrders, ...args: string[]) {
  const cli = path.join(__dirname, "..", "src", "cli.ts");
  return promisify(execFile)(process.execPath, ["--import", "tsx", cli, ...args], {
    env: { ...process.env, EMPORIUM_ORDERS_DATABASE_URL: svc.databaseUrl },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

const address = {
  addressId: "a",
  recipient: "B",
  line1: "1 St",
  line2: "",
  postalCode: "10115",
  city: "B",
  countryCode: "DE",
};

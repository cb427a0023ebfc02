import { create, type DescMessage } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  CommitReservationCommandSchema,
  ReleaseReservationCommandSchema,
  ReservationCommitFailedSchema,
  ReservationCommittedSchema,
  ReservationReleasedSchema,
  ReservationReleaseFailedSchema,
  ReserveStockCommandSchema,
  ReturnStockCommandSchema,
  StockReservationFailedSchema,
  StockReservationFailureReason,
  StockReservationSucceededSchema,
  StockReturnedSchema,
  StockReturnFailedSchema,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import {
  StockAvailabilityChangedSchema,
  StockDepletedSchema,
  StockReleasedSchema,
  StockReplenishedSchema,
  StockReservedSchema,
} from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { AppError } from "@emporium/platform";
import { lastSeq, payloadAs, recordedEvents, recordedSince, type RecordedEvent } from "@emporium/testing";
import type { InventoryDeps } from "../src/application/inventory-deps";
import {
  commitReservationCommand,
  releaseReservationCommand,
  reserveStockCommand,
  returnStockCommand,
  type SagaCommandHandler,
} from "../src/application/saga-commands";
import { startInventory, type RunningInventory } from "./inventory-harness";

const REPLIES = [
  StockReservationSucceededSchema,
  StockReservationFailedSchema,
  ReservationCommittedSchema,
  ReservationCommitFailedSchema,
  ReservationReleasedSchema,
  ReservationReleaseFailedSchema,
  StockReturnedSchema,
  StockReturnFailedSchema,
];
const STOCK_EVENTS = [
  StockReservedSchema,
  StockReleasedSchema,
  StockDepletedSchema,
  StockReplenishedSchema,
  StockAvailabilityChangedSchema,
];
const { RELEASED, EXPIRED, UNKNOWN_SKU, INSUFFICIENT_STOCK, UNSPECIFIED } = StockReservationFailureReason;

/** What a test changes of a ReserveStockCommand (undefined drops a field). */
interface ReserveOverrides {
  correlationId?: string;
  expireTime?: Timestamp;
  holdUntil?: Timestamp;
  lines?: Array<{ skuId: string; quantity: bigint }>;
}

const inMinutes = (minutes: number) => timestampFromDate(new Date(Date.now() + minutes * 60_000));

/**
 * The saga's commands against the real database, each in a transaction of its own as the command
 * consumer runs them (there, the transaction also holds the message's inbox row). Checked by the
 * replies and stock events they leave in the outbox and by the stock they leave behind.
 */
describe("inventory's saga commands (real PostgreSQL)", () => {
  let inv: RunningInventory;
  let deps: InventoryDeps;
  /** The handlers' clock; tests move it to make reservations lapse without waiting. */
  let now: () => Date = () => new Date();
  let n = 0;
  const newOrder = () => `order-${++n}-${Date.now()}`;

  const outbox = () => recordedEvents(inv.app.pool, [...REPLIES, ...STOCK_EVENTS]);
  /** Runs a command as the consumer does and returns everything it recorded. */
  async function run<Command>(
    handler: SagaCommandHandler<Command>,
    command: Command,
    how: "handle" | "expired" = "handle",
  ): Promise<RecordedEvent[]> {
    const since = lastSeq(await outbox());
    await deps.inventory.transaction((tx) => handler[how]({ ...deps, clock: now }, tx, command));
    return recordedSince(await outbox(), since);
  }
  const replyOf = (recorded: RecordedEvent[]) => {
    const replies = recorded.filter((e) => REPLIES.some((s) => s.typeName === e.eventType));
    expect(replies).toHaveLength(1);
    return replies[0]!;
  };
  const as = <Desc extends DescMessage>(recorded: RecordedEvent[], schema: Desc) =>
    payloadAs(replyOf(recorded), schema);
  /** The StockAvailabilityChanged events: [SKU, available, in stock, on hand, reserved]. */
  const availabilityIn = (recorded: RecordedEvent[]) =>
    recorded
      .filter((e) => e.eventType === StockAvailabilityChangedSchema.typeName)
      .map((e) => payloadAs(e, StockAvailabilityChangedSchema))
      .map((p) => [p.skuId, p.available, p.inStock, p.onHand, p.reserved]);

  const reserve = (orderId: string, lines: Array<[string, bigint]>, extra: ReserveOverrides = {}) =>
    create(ReserveStockCommandSchema, {
      orderId,
      correlationId: `${orderId}:reserve-stock`,
      expireTime: inMinutes(10),
      holdUntil: inMinutes(45),
      lines: lines.map(([skuId, quantity]) => ({ skuId, quantity })),
      ...extra,
    });
  const commit = (orderId: string, correlationId = `${orderId}:commit-reservation`) =>
    create(CommitReservationCommandSchema, { orderId, correlationId, expireTime: inMinutes(10) });
  const release = (orderId: string, correlationId = `${orderId}:release-reservation`) =>
    create(ReleaseReservationCommandSchema, { orderId, correlationId, expireTime: inMinutes(10), reason: "test" });
  const giveBack = (orderId: string, correlationId = `${orderId}:return-stock`) =>
    create(ReturnStockCommandSchema, { orderId, correlationId, expireTime: inMinutes(10), reason: "cancelled" });

  /** A SKU of its own for each test, stocked per warehouse. */
  const stockedSku = async (perWarehouse: Record<string, number>) => {
    const skuId = `saga-sku-${++n}-${Date.now()}`;
    for (const [warehouseId, quantity] of Object.entries(perWarehouse))
      await inv.client(inv.adminToken).adjustStock({
        skuId,
        warehouseId,
        delta: BigInt(quantity),
        reason: "test delivery",
        productId: `saga-product-${n}`,
      });
    return skuId;
  };
  /** Stock per warehouse: [warehouse, on hand, reserved]. */
  const stockOf = async (skuId: string) =>
    (
      await inv.app.pool.query<{ warehouse_id: string; on_hand: string; reserved: string }>(
        "SELECT warehouse_id, on_hand, reserved FROM stock WHERE sku_id = $1 ORDER BY warehouse_id",
        [skuId],
      )
    ).rows.map((r) => [r.warehouse_id, BigInt(r.on_hand), BigInt(r.reserved)]);
  const reservationsOf = async (orderId: string) =>
    (
      await inv.app.pool.query<{ id: string; status: string; origin: string }>(
        "SELECT id, status, origin FROM reservations WHERE reference = $1",
        [orderId],
      )
    ).rows;

  beforeAll(async () => {
    inv = await startInventory({ seed: false });
    deps = inv.app.deps;
  });
  afterEach(() => {
    now = () => new Date();
  });
  afterAll(() => inv.stop());

  describe("ReserveStockCommand", () => {
    it("holds every line until hold_until and answers StockReservationSucceeded, a reply about the order", async () => {
      const [a, b] = [await stockedSku({ "wh-a": 3, "wh-b": 2 }), await stockedSku({ "wh-a": 10 })];
      const order = newOrder();
      const command = reserve(order, [
        [a, 4n],
        [b, 1n],
      ]);
      const recorded = await run(reserveStockCommand, command);
      const reply = as(recorded, StockReservationSucceededSchema);
      const [reservation] = await reservationsOf(order);
      expect(reply).toMatchObject({
        orderId: order,
        correlationId: `${order}:reserve-stock`,
        holdUntil: command.holdUntil,
      });
      expect(reservation).toEqual({ id: reply.reservationId, status: "ACTIVE", origin: "SAGA" });
      expect(replyOf(recorded)).toMatchObject({
        aggregateId: order,
        aggregateVersion: 1n,
        source: "/emporium/inventory",
      });
      // The stock events of a reservation, as over RPC: read models and watchers see it.
      expect(recorded.filter((e) => e.eventType === StockReservedSchema.typeName).map((e) => e.aggregateId)).toEqual(
        [a, b].sort(),
      );
      expect(availabilityIn(recorded)).toHaveLength(2);
      expect(availabilityIn(recorded)).toEqual(
        expect.arrayContaining([
          [a, 1n, true, 5n, 4n],
          [b, 9n, true, 10n, 1n],
        ]),
      );
      expect(await stockOf(a)).toEqual([
        ["wh-a", 3n, 3n],
        ["wh-b", 2n, 1n],
      ]);
      const { rows } = await inv.app.pool.query<{ expire_time: Date }>(
        "SELECT expire_time FROM reservations WHERE id = $1",
        [reply.reservationId],
      );
      expect(rows[0]!.expire_time).toEqual(timestampDate(command.holdUntil!));
    });

    it("a short line holds nothing: one StockReservationFailed for the order, naming the shortages", async () => {
      const [plenty, scarce, scarcer] = [
        await stockedSku({ "wh-a": 50 }),
        await stockedSku({ "wh-a": 1, "wh-b": 1 }),
        await stockedSku({ "wh-a": 1 }),
      ];
      const order = newOrder();
      const recorded = await run(
        reserveStockCommand,
        reserve(order, [
          [plenty, 5n],
          [scarce, 3n],
          [scarcer, 2n],
        ]),
      );
      expect(as(recorded, StockReservationFailedSchema)).toMatchObject({
        orderId: order,
        correlationId: `${order}:reserve-stock`,
        reason: INSUFFICIENT_STOCK,
        message: `only 2 of SKU ${scarce} available; only 1 of SKU ${scarcer} available`,
        shortages: [
          { skuId: scarce, requested: 3n, available: 2n },
          { skuId: scarcer, requested: 2n, available: 1n },
        ],
      });
      expect(recorded).toHaveLength(1);
      expect(await stockOf(plenty)).toEqual([["wh-a", 50n, 0n]]);
      expect(await reservationsOf(order)).toEqual([]);
    });

    it("an SKU inventory does not stock fails the order with UNKNOWN_SKU (shortages still listed)", async () => {
      const scarce = await stockedSku({ "wh-a": 1 });
      const order = newOrder();
      const recorded = await run(
        reserveStockCommand,
        reserve(order, [
          ["no-such-sku", 1n],
          [scarce, 2n],
        ]),
      );
      expect(as(recorded, StockReservationFailedSchema)).toMatchObject({
        reason: UNKNOWN_SKU,
        message: `inventory does not stock SKU no-such-sku; only 1 of SKU ${scarce} available`,
        shortages: [{ skuId: scarce, requested: 2n, available: 1n }],
      });
      expect(await stockOf(scarce)).toEqual([["wh-a", 1n, 0n]]);
    });

    it("answers a command that is wrong on its own with a failure saying what is wrong, holding nothing", async () => {
      const sku = await stockedSku({ "wh-a": 5 });
      const cases: Array<[ReserveOverrides, string]> = [
        [{ lines: [] }, "the command has no lines"],
        [
          { lines: [{ skuId: sku, quantity: 0n }], holdUntil: inMinutes(-1) },
          "lines[0].quantity must be between 1 and 10000 (got 0); hold_until (",
        ],
        [
          { lines: [{ skuId: "", quantity: 1n }], holdUntil: undefined },
          "lines[0].sku_id is empty; hold_until is missing",
        ],
      ];
      for (const [extra, message] of cases) {
        const recorded = await run(reserveStockCommand, reserve(newOrder(), [], extra));
        const reply = as(recorded, StockReservationFailedSchema);
        expect(reply.reason).toBe(UNSPECIFIED);
        expect(reply.message).toContain(message);
      }
      expect(await stockOf(sku)).toEqual([["wh-a", 5n, 0n]]);
    });

    it("refuses a command no reply can be addressed for (it goes to the dead letters), recording nothing", async () => {
      for (const command of [
        reserve("", [["x", 1n]]),
        reserve(newOrder(), [["x", 1n]], { correlationId: "" }),
        reserve(newOrder(), [["x", 1n]], { expireTime: undefined }),
      ]) {
        const since = lastSeq(await outbox());
        const refused = deps.inventory.transaction((tx) => reserveStockCommand.handle(deps, tx, command));
        await expect(refused).rejects.toThrow(AppError);
        await expect(refused).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
        expect(recordedSince(await outbox(), since)).toEqual([]);
      }
    });

    it("the same step again answers its first outcome again, changing nothing; so does a failed step", async () => {
      const sku = await stockedSku({ "wh-a": 2 });
      const order = newOrder();
      const first = as(await run(reserveStockCommand, reserve(order, [[sku, 2n]])), StockReservationSucceededSchema);
      const again = await run(reserveStockCommand, reserve(order, [[sku, 2n]]));
      expect(again).toHaveLength(1);
      expect(payloadAs(again[0]!, StockReservationSucceededSchema)).toEqual(first);
      expect(again[0]).toMatchObject({ aggregateId: order, aggregateVersion: 2n });
      expect(await reservationsOf(order)).toHaveLength(1);
      expect(await stockOf(sku)).toEqual([["wh-a", 2n, 2n]]);

      // A failed step stays failed for that step, even once the stock is there.
      const late = newOrder();
      const refused = as(await run(reserveStockCommand, reserve(late, [[sku, 1n]])), StockReservationFailedSchema);
      expect(refused.reason).toBe(INSUFFICIENT_STOCK);
      await run(releaseReservationCommand, release(order));
      expect(as(await run(reserveStockCommand, reserve(late, [[sku, 1n]])), StockReservationFailedSchema)).toEqual(
        refused,
      );
      expect(await stockOf(sku)).toEqual([["wh-a", 2n, 0n]]);
    });

    it("one reservation per order: another reserve step answers with the held one, holds no more", async () => {
      const sku = await stockedSku({ "wh-a": 5 });
      const order = newOrder();
      const first = as(await run(reserveStockCommand, reserve(order, [[sku, 2n]])), StockReservationSucceededSchema);
      const second = await run(reserveStockCommand, reserve(order, [[sku, 3n]], { correlationId: `${order}:again` }));
      expect(as(second, StockReservationSucceededSchema)).toMatchObject({
        reservationId: first.reservationId,
        correlationId: `${order}:again`,
      });
      expect(await stockOf(sku)).toEqual([["wh-a", 5n, 2n]]);
      // The database backs the rule up.
      await expect(
        inv.app.pool.query(
          `INSERT INTO reservations (id, status, origin, reference, create_time, expire_time)
           VALUES ('dup', 'ACTIVE', 'SAGA', $1, now(), now())`,
          [order],
        ),
      ).rejects.toThrow(/reservations_saga_order_idx/);
    });

    it("the same step delivered concurrently holds once and answers each copy alike", async () => {
      const sku = await stockedSku({ "wh-a": 10 });
      const order = newOrder();
      const since = lastSeq(await outbox());
      await Promise.all(
        [1, 2, 3].map(() =>
          deps.inventory.transaction((tx) => reserveStockCommand.handle(deps, tx, reserve(order, [[sku, 4n]]))),
        ),
      );
      const replies = recordedSince(await outbox(), since).filter(
        (e) => e.eventType === StockReservationSucceededSchema.typeName,
      );
      expect(replies.map((e) => e.aggregateVersion)).toEqual([1n, 2n, 3n]);
      expect(new Set(replies.map((e) => payloadAs(e, StockReservationSucceededSchema).reservationId)).size).toBe(1);
      expect(await stockOf(sku)).toEqual([["wh-a", 10n, 4n]]);
    });
  });

  describe("CommitReservationCommand", () => {
    it("ships the order's held stock; committing again (another step) answers alike, ships no more", async () => {
      const sku = await stockedSku({ "wh-a": 3, "wh-b": 3 });
      const order = newOrder();
      const { reservationId } = as(
        await run(reserveStockCommand, reserve(order, [[sku, 4n]])),
        StockReservationSucceededSchema,
      );
      const recorded = await run(commitReservationCommand, commit(order));
      expect(as(recorded, ReservationCommittedSchema)).toMatchObject({
        orderId: order,
        correlationId: `${order}:commit-reservation`,
        reservationId,
      });
      // On hand and reserved go down together: available is unchanged, so no stock event at all.
      expect(recorded).toHaveLength(1);
      expect(await stockOf(sku)).toEqual([
        ["wh-a", 0n, 0n],
        ["wh-b", 2n, 0n],
      ]);
      expect(
        as(await run(commitReservationCommand, commit(order, `${order}:x`)), ReservationCommittedSchema),
      ).toMatchObject({ reservationId });
      expect(await stockOf(sku)).toEqual([
        ["wh-a", 0n, 0n],
        ["wh-b", 2n, 0n],
      ]);
    });

    it("fails for an order without a reservation, with a released one and with one past its hold", async () => {
      const sku = await stockedSku({ "wh-a": 4 });
      const missing = newOrder();
      expect(as(await run(commitReservationCommand, commit(missing)), ReservationCommitFailedSchema)).toMatchObject({
        orderId: missing,
        reason: `order ${missing} holds no reservation`,
        expired: false,
      });

      const released = newOrder();
      await run(reserveStockCommand, reserve(released, [[sku, 1n]]));
      await run(releaseReservationCommand, release(released));
      expect(as(await run(commitReservationCommand, commit(released)), ReservationCommitFailedSchema).reason).toBe(
        `the reservation of order ${released} was released`,
      );

      const lapsed = newOrder();
      await run(reserveStockCommand, reserve(lapsed, [[sku, 2n]], { holdUntil: inMinutes(1) }));
      now = () => new Date(Date.now() + 2 * 60_000);
      const recorded = await run(commitReservationCommand, commit(lapsed));
      // A refusal (the reservation lapsed), not a command taken too late: sending it again changes nothing.
      expect(as(recorded, ReservationCommitFailedSchema)).toMatchObject({
        reason: expect.stringMatching(new RegExp(`^the reservation of order ${lapsed} expired at `)),
        expired: false,
      });
      // It lapsed: given back now (with its StockReleased), never shipped.
      expect(recorded.map((e) => e.eventType)).toContain(StockReleasedSchema.typeName);
      expect(availabilityIn(recorded)).toEqual([[sku, 4n, true, 4n, 0n]]);
      expect(await reservationsOf(lapsed)).toEqual([expect.objectContaining({ status: "EXPIRED" })]);
      expect(await stockOf(sku)).toEqual([["wh-a", 4n, 0n]]);
    });
  });

  describe("ReleaseReservationCommand", () => {
    it("gives the held stock back and answers ReservationReleased; releasing again answers alike", async () => {
      const sku = await stockedSku({ "wh-a": 2 });
      const order = newOrder();
      const { reservationId } = as(
        await run(reserveStockCommand, reserve(order, [[sku, 2n]])),
        StockReservationSucceededSchema,
      );
      const recorded = await run(releaseReservationCommand, release(order));
      expect(as(recorded, ReservationReleasedSchema)).toMatchObject({ orderId: order, reservationId });
      expect(recorded.map((e) => e.eventType)).toEqual([
        StockReleasedSchema.typeName,
        StockReplenishedSchema.typeName,
        StockAvailabilityChangedSchema.typeName,
        ReservationReleasedSchema.typeName,
      ]);
      expect(availabilityIn(recorded)).toEqual([[sku, 2n, true, 2n, 0n]]);
      expect(await stockOf(sku)).toEqual([["wh-a", 2n, 0n]]);
      expect(
        as(await run(releaseReservationCommand, release(order, `${order}:release:2`)), ReservationReleasedSchema),
      ).toMatchObject({ reservationId });
    });

    it("before the reservation: a tombstone, an empty reservation id; the late reservation: RELEASED", async () => {
      const sku = await stockedSku({ "wh-a": 3 });
      const order = newOrder();
      const released = as(await run(releaseReservationCommand, release(order)), ReservationReleasedSchema);
      expect(released).toMatchObject({
        orderId: order,
        correlationId: `${order}:release-reservation`,
        reservationId: "",
      });
      const { rows } = await inv.app.pool.query("SELECT order_id FROM reservation_tombstones WHERE order_id = $1", [
        order,
      ]);
      expect(rows).toHaveLength(1);
      const recorded = await run(reserveStockCommand, reserve(order, [[sku, 1n]]));
      expect(as(recorded, StockReservationFailedSchema)).toMatchObject({ orderId: order, reason: RELEASED });
      expect(recorded).toHaveLength(1);
      expect(await stockOf(sku)).toEqual([["wh-a", 3n, 0n]]);
      expect(await reservationsOf(order)).toEqual([]);
    });

    it("a committed reservation is not released: return the stock instead", async () => {
      const sku = await stockedSku({ "wh-a": 3 });
      const order = newOrder();
      await run(reserveStockCommand, reserve(order, [[sku, 2n]]));
      await run(commitReservationCommand, commit(order));
      expect(as(await run(releaseReservationCommand, release(order)), ReservationReleaseFailedSchema)).toMatchObject({
        orderId: order,
        reason: `the reservation of order ${order} was committed; return the stock instead`,
        expired: false,
      });
      expect(await stockOf(sku)).toEqual([["wh-a", 1n, 0n]]);
    });

    it("racing the reservation it compensates, nothing of the order stays held either way", async () => {
      const sku = await stockedSku({ "wh-a": 100 });
      for (let i = 0; i < 5; i++) {
        const order = newOrder();
        await Promise.all([
          run(reserveStockCommand, reserve(order, [[sku, 1n]])),
          run(releaseReservationCommand, release(order)),
        ]);
        expect(await stockOf(sku)).toEqual([["wh-a", 100n, 0n]]);
      }
    });
  });

  describe("ReturnStockCommand", () => {
    it("puts committed stock back on hand in the warehouses it left, once, with the stock events", async () => {
      const sku = await stockedSku({ "wh-a": 3, "wh-b": 1 });
      const order = newOrder();
      const { reservationId } = as(
        await run(reserveStockCommand, reserve(order, [[sku, 4n]])),
        StockReservationSucceededSchema,
      );
      await run(commitReservationCommand, commit(order));
      expect(await stockOf(sku)).toEqual([
        ["wh-a", 0n, 0n],
        ["wh-b", 0n, 0n],
      ]);
      const recorded = await run(returnStockCommand, giveBack(order));
      expect(recorded.map((e) => e.eventType)).toEqual([
        StockReplenishedSchema.typeName,
        StockAvailabilityChangedSchema.typeName,
        StockReturnedSchema.typeName,
      ]);
      expect(payloadAs(recorded[0]!, StockReplenishedSchema)).toMatchObject({ skuId: sku, available: 4n, onHand: 4n });
      expect(availabilityIn(recorded)).toEqual([[sku, 4n, true, 4n, 0n]]);
      expect(payloadAs(recorded[2]!, StockReturnedSchema)).toMatchObject({
        orderId: order,
        correlationId: `${order}:return-stock`,
        reservationId,
      });
      expect(await stockOf(sku)).toEqual([
        ["wh-a", 3n, 0n],
        ["wh-b", 1n, 0n],
      ]);
      // Another return (a new step) answers alike and returns nothing more.
      const again = await run(returnStockCommand, giveBack(order, `${order}:return-stock:2`));
      expect(again.map((e) => e.eventType)).toEqual([StockReturnedSchema.typeName]);
      expect(await stockOf(sku)).toEqual([
        ["wh-a", 3n, 0n],
        ["wh-b", 1n, 0n],
      ]);
    });

    it("fails for an order whose stock is not committed: held, released or never reserved", async () => {
      const sku = await stockedSku({ "wh-a": 3 });
      const held = newOrder();
      await run(reserveStockCommand, reserve(held, [[sku, 1n]]));
      expect(as(await run(returnStockCommand, giveBack(held)), StockReturnFailedSchema).reason).toBe(
        `the reservation of order ${held} is not committed; release it instead`,
      );
      await run(releaseReservationCommand, release(held));
      expect(as(await run(returnStockCommand, giveBack(held, `${held}:r2`)), StockReturnFailedSchema).reason).toBe(
        `the reservation of order ${held} was released: no stock left`,
      );
      const none = newOrder();
      expect(as(await run(returnStockCommand, giveBack(none)), StockReturnFailedSchema)).toMatchObject({
        reason: `order ${none} holds no reservation`,
        expired: false,
      });
      expect(await stockOf(sku)).toEqual([["wh-a", 3n, 0n]]);
    });
  });

  describe("a command past its expire_time", () => {
    const expiredAt = inMinutes(-1);
    const state = async () =>
      (
        await inv.app.pool.query(
          `SELECT (SELECT json_agg(s ORDER BY sku_id, warehouse_id) FROM stock s) AS stock,
                  (SELECT json_agg(r ORDER BY id) FROM reservations r) AS reservations,
                  (SELECT count(*) FROM reservation_tombstones) AS tombstones`,
        )
      ).rows[0];

    it("gets only its failure reply (EXPIRED for a reservation), found late by adapter or handler", async () => {
      const sku = await stockedSku({ "wh-a": 5 });
      const committed = newOrder();
      await run(reserveStockCommand, reserve(committed, [[sku, 1n]]));
      await run(commitReservationCommand, commit(committed));
      const held = newOrder();
      await run(reserveStockCommand, reserve(held, [[sku, 1n]]));
      const before = await state();
      const late = { expireTime: expiredAt };
      const fresh = newOrder();
      for (const how of ["handle", "expired"] as const) {
        const reserved = await run(reserveStockCommand, reserve(fresh, [[sku, 1n]], late), how);
        expect(as(reserved, StockReservationFailedSchema)).toMatchObject({ orderId: fresh, reason: EXPIRED });
        expect(as(reserved, StockReservationFailedSchema).message).toMatch(
          /^the command expired at .*nothing was reserved$/,
        );
        const commitFailed = as(
          await run(commitReservationCommand, { ...commit(held), ...late }, how),
          ReservationCommitFailedSchema,
        );
        expect(commitFailed).toMatchObject({ expired: true, reason: expect.stringMatching(/expired at .*committed$/) });
        const releaseFailed = as(
          await run(releaseReservationCommand, { ...release(fresh), ...late }, how),
          ReservationReleaseFailedSchema,
        );
        expect(releaseFailed).toMatchObject({ expired: true, reason: expect.stringMatching(/expired at .*released$/) });
        const returnFailed = as(
          await run(returnStockCommand, { ...giveBack(committed), ...late }, how),
          StockReturnFailedSchema,
        );
        expect(returnFailed).toMatchObject({ expired: true, reason: expect.stringMatching(/expired at .*returned$/) });
      }
      expect(await state()).toEqual(before);
    });

    it("is not the step's outcome: re-sent with a new deadline it acts; a decided step keeps its outcome", async () => {
      const sku = await stockedSku({ "wh-a": 5 });
      const order = newOrder();
      await run(reserveStockCommand, reserve(order, [[sku, 2n]], { expireTime: expiredAt }));
      const resent = await run(reserveStockCommand, reserve(order, [[sku, 2n]]));
      const { reservationId } = as(resent, StockReservationSucceededSchema);
      // A copy of the decided step that comes late is answered with what happened.
      const lateCopy = await run(reserveStockCommand, reserve(order, [[sku, 2n]]), "expired");
      expect(as(lateCopy, StockReservationSucceededSchema).reservationId).toBe(reservationId);
      expect(await stockOf(sku)).toEqual([["wh-a", 5n, 2n]]);
    });
  });

  it("a reply continues the command's trace", async () => {
    const order = newOrder();
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    await deps.inventory.transaction((tx) =>
      releaseReservationCommand.handle(deps, tx, release(order), { traceparent }),
    );
    const { rows } = await inv.app.pool.query("SELECT event_type, traceparent FROM outbox WHERE aggregate_id = $1", [
      order,
    ]);
    expect(rows).toEqual([{ event_type: ReservationReleasedSchema.typeName, traceparent }]);
  });

  it("a correlation id reused for another command is refused (a sender's bug), recording nothing", async () => {
    const order = newOrder();
    await run(releaseReservationCommand, release(order, `${order}:step`));
    const since = lastSeq(await outbox());
    await expect(
      deps.inventory.transaction((tx) => commitReservationCommand.handle(deps, tx, commit(order, `${order}:step`))),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(recordedSince(await outbox(), since)).toEqual([]);
  });

  describe("stock is conserved over random sequences of commands", () => {
    const initial: Record<string, number> = { "wh-a": 4, "wh-b": 3 };
    /** Per warehouse of each SKU: reserved = what active reservations hold there; on hand + committed = initial. */
    async function expectConserved(skus: readonly string[]) {
      const { rows } = await inv.app.pool.query<{ sku_id: string; warehouse_id: string; status: string; n: string }>(
        `SELECT l.sku_id, l.warehouse_id, r.status, sum(l.quantity)::text AS n
         FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id
         WHERE l.sku_id = ANY($1) AND (r.status = 'ACTIVE' OR (r.status = 'COMMITTED' AND r.return_time IS NULL))
         GROUP BY l.sku_id, l.warehouse_id, r.status`,
        [skus],
      );
      const held = (skuId: string, warehouseId: string, status: string) =>
        BigInt(rows.find((r) => r.sku_id === skuId && r.warehouse_id === warehouseId && r.status === status)?.n ?? 0);
      for (const skuId of skus)
        for (const [warehouseId, onHand, reserved] of await stockOf(skuId)) {
          expect(reserved).toBe(held(skuId, warehouseId as string, "ACTIVE"));
          // available + reserved = on hand, so available + reserved + committed = initial
          expect((onHand as bigint) + held(skuId, warehouseId as string, "COMMITTED")).toBe(
            BigInt(initial[warehouseId as string]!),
          );
        }
    }

    /** Commands for a few orders, mostly forward steps; each step name repeats, some copies come late. */
    function randomCommands(seed: number, skus: readonly string[]) {
      const orders = Array.from({ length: 12 }, newOrder);
      // mulberry32: a fixed seed, so a failure replays the same sequence.
      const random = (below: number) => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) % below;
      };
      const pick = <T>(xs: readonly T[]) => xs[random(xs.length)]!;
      return () => {
        const order = pick(orders);
        const step = (name: string) => `${order}:${name}:${random(2)}`;
        const expireTime = random(8) === 0 ? inMinutes(-1) : inMinutes(10);
        const lines: Array<[string, bigint]> = [
          [pick(skus), BigInt(1 + random(4))],
          [pick(skus), BigInt(1 + random(2))],
        ];
        const reserveIt = () =>
          [reserveStockCommand, reserve(order, lines, { correlationId: step("reserve-stock"), expireTime })] as const;
        const commitIt = () =>
          [commitReservationCommand, { ...commit(order, step("commit-reservation")), expireTime }] as const;
        const releaseIt = () =>
          [releaseReservationCommand, { ...release(order, step("release-reservation")), expireTime }] as const;
        const returnIt = () => [returnStockCommand, { ...giveBack(order, step("return-stock")), expireTime }] as const;
        const [handler, command] = pick([
          reserveIt,
          reserveIt,
          reserveIt,
          reserveIt,
          commitIt,
          commitIt,
          commitIt,
          releaseIt,
          returnIt,
          returnIt,
        ])();
        return () =>
          deps.inventory.transaction((tx) => (handler as SagaCommandHandler<typeof command>).handle(deps, tx, command));
      };
    }

    /** Runs `batches` batches of `parallel` commands at once; each command gets one reply; checks after each batch. */
    async function runRandomly(seed: number, batches: number, parallel: number) {
      const skus = [await stockedSku(initial), await stockedSku(initial)];
      const next = randomCommands(seed, skus);
      const answered = new Set<string>();
      for (let i = 0; i < batches; i++) {
        const since = lastSeq(await outbox());
        await Promise.all(Array.from({ length: parallel }, () => next()()));
        const replies = recordedSince(await outbox(), since).filter((e) =>
          REPLIES.some((s) => s.typeName === e.eventType),
        );
        expect(replies).toHaveLength(parallel);
        for (const r of replies) answered.add(r.eventType);
        await expectConserved(skus);
      }
      // The sequence went through every effect, not only through refusals.
      for (const schema of [
        StockReservationSucceededSchema,
        ReservationCommittedSchema,
        ReservationReleasedSchema,
        StockReturnedSchema,
      ])
        expect(answered).toContain(schema.typeName);
    }

    it("one command at a time: available + reserved + committed = initial, per warehouse, after every command", () =>
      runRandomly(20261202, 120, 1));

    it("four commands at a time (orders and SKUs shared): the same holds, and none deadlocks", () =>
      runRandomly(7, 40, 4));
  });
});

import { Code } from "@connectrpc/connect";
import {
  StockDepletedSchema,
  StockReleasedSchema,
  StockReleaseReason,
  StockReplenishedSchema,
  StockReservedSchema,
} from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { lastSeq, payloadAs, recordedEvents, recordedSince, rpcError, type RecordedEvent } from "@emporium/testing";
import { startInventory, type RunningInventory } from "./inventory-harness";

const SCHEMAS = [StockReservedSchema, StockReleasedSchema, StockDepletedSchema, StockReplenishedSchema];
const T = "emporium.inventory.v1.";
const RESERVED = `${T}StockReserved`;
const RELEASED = `${T}StockReleased`;
const DEPLETED = `${T}StockDepleted`;
const REPLENISHED = `${T}StockReplenished`;

/** Commands are checked by what they leave in the outbox: the relay publishes exactly these rows. */
describe("inventory publishes through its outbox", () => {
  let inv: RunningInventory;
  let n = 0;
  // Zero-padded: events of one command come in SKU id order.
  const newSku = () => ({ skuId: `ev-sku-${String(++n).padStart(3, "0")}`, productId: `ev-product-${n}` });
  const events = () => recordedEvents(inv.app.pool, SCHEMAS);
  const admin = () => inv.client(inv.adminToken);
  /** Runs a command and returns the events it recorded. */
  async function eventsOf(command: () => Promise<unknown>): Promise<RecordedEvent[]> {
    const since = lastSeq(await events());
    await command();
    return recordedSince(await events(), since);
  }
  const brief = (recorded: RecordedEvent[]) => recorded.map((e) => [e.eventType, e.aggregateId, e.aggregateVersion]);
  const adjust = (sku: { skuId: string; productId: string }, delta: bigint, warehouseId = "wh-a") =>
    admin().adjustStock({ ...sku, warehouseId, delta, reason: "test" });

  beforeAll(async () => {
    inv = await startInventory();
  });
  afterAll(() => inv.stop());

  it("seeding records no events (seeded stock is the starting state, not news)", async () => {
    const { rows } = await inv.app.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM stock");
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(await events()).toEqual([]);
  });

  it("stocking a new SKU is a replenishment (0 → positive): one StockReplenished at version 1; more stock on top records nothing", async () => {
    const sku = newSku();
    const first = await eventsOf(() => adjust(sku, 5n));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      eventType: REPLENISHED,
      source: "/emporium/inventory",
      aggregateId: sku.skuId,
      aggregateVersion: 1n,
    });
    expect(payloadAs(first[0]!, StockReplenishedSchema)).toMatchObject({
      ...sku,
      available: 5n,
      onHand: 5n,
      reserved: 0n,
    });
    expect(await eventsOf(() => adjust(sku, 3n, "wh-b"))).toEqual([]);
  });

  it("a reservation records StockReserved per SKU; taking the last unit also records StockDepleted, at the next version", async () => {
    const [a, b] = [newSku(), newSku()];
    await adjust(a, 4n);
    await adjust(b, 10n);
    let reservationId = "";
    const recorded = await eventsOf(async () => {
      reservationId = (
        await inv.orders.reserveStock({
          lines: [
            { skuId: a.skuId, quantity: 4n },
            { skuId: b.skuId, quantity: 3n },
          ],
        })
      ).reservation!.id;
    });
    expect(brief(recorded)).toEqual([
      [RESERVED, a.skuId, 2n],
      [DEPLETED, a.skuId, 3n],
      [RESERVED, b.skuId, 2n],
    ]);
    expect(payloadAs(recorded[0]!, StockReservedSchema)).toMatchObject({
      ...a,
      reservationId,
      quantity: 4n,
      available: 0n,
    });
    expect(payloadAs(recorded[1]!, StockDepletedSchema)).toMatchObject({ ...a, onHand: 4n, reserved: 4n });
    expect(payloadAs(recorded[2]!, StockReservedSchema)).toMatchObject({
      ...b,
      reservationId,
      quantity: 3n,
      available: 7n,
    });
    expect(recorded.every((e) => e.source === "/emporium/inventory")).toBe(true);
  });

  it("a release records StockReleased, and StockReplenished exactly once for a SKU it brings back from 0", async () => {
    const [a, b] = [newSku(), newSku()];
    await adjust(a, 2n);
    await adjust(b, 5n);
    const { id } = (
      await inv.orders.reserveStock({
        lines: [
          { skuId: a.skuId, quantity: 2n },
          { skuId: b.skuId, quantity: 1n },
        ],
      })
    ).reservation!;
    const recorded = await eventsOf(() => inv.orders.releaseReservation({ reservationId: id }));
    expect(brief(recorded)).toEqual([
      [RELEASED, a.skuId, 4n],
      [REPLENISHED, a.skuId, 5n],
      [RELEASED, b.skuId, 3n],
    ]);
    expect(payloadAs(recorded[0]!, StockReleasedSchema)).toMatchObject({
      ...a,
      reservationId: id,
      quantity: 2n,
      available: 2n,
      reason: StockReleaseReason.RELEASED,
    });
    expect(payloadAs(recorded[1]!, StockReplenishedSchema)).toMatchObject({
      ...a,
      available: 2n,
      onHand: 2n,
      reserved: 0n,
    });
    // Releasing again is idempotent: same outcome, nothing new to tell.
    expect(await eventsOf(() => inv.orders.releaseReservation({ reservationId: id }))).toEqual([]);
  });

  it("a commit records nothing (available is unchanged) but is a new version of the SKU", async () => {
    const sku = newSku();
    await adjust(sku, 5n);
    const { id } = (await inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 2n }] })).reservation!;
    expect(await eventsOf(() => inv.orders.commitReservation({ reservationId: id }))).toEqual([]);
    // replenished v1, reserved v2, commit v3: removing the rest depletes at v4
    expect(brief(await eventsOf(() => adjust(sku, -3n)))).toEqual([[DEPLETED, sku.skuId, 4n]]);
  });

  it("AdjustStock taking available stock to 0 records StockDepleted; back above 0 records one StockReplenished", async () => {
    const sku = newSku();
    await adjust(sku, 3n);
    expect(await eventsOf(() => adjust(sku, -1n))).toEqual([]);
    const depleted = await eventsOf(() => adjust(sku, -2n));
    expect(brief(depleted)).toEqual([[DEPLETED, sku.skuId, 3n]]);
    expect(payloadAs(depleted[0]!, StockDepletedSchema)).toMatchObject({ ...sku, onHand: 0n, reserved: 0n });
    const replenished = await eventsOf(() => adjust(sku, 7n, "wh-b"));
    expect(brief(replenished)).toEqual([[REPLENISHED, sku.skuId, 4n]]);
    expect(payloadAs(replenished[0]!, StockReplenishedSchema)).toMatchObject({ available: 7n, onHand: 7n });
  });

  it("an expired reservation records StockReleased (reason EXPIRED) and the replenishment", async () => {
    const sku = newSku();
    await adjust(sku, 1n);
    const recorded = await eventsOf(async () => {
      const { id } = (await inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 1n }], ttlSeconds: 1 }))
        .reservation!;
      // The sweeper runs every 200 ms in tests; wait until it committed the expiry.
      for (let i = 0; i < 100; i++) {
        const { rows } = await inv.app.pool.query<{ status: string }>("SELECT status FROM reservations WHERE id = $1", [
          id,
        ]);
        if (rows[0]!.status === "EXPIRED") return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`reservation ${id} did not expire`);
    });
    expect(brief(recorded)).toEqual([
      [RESERVED, sku.skuId, 2n],
      [DEPLETED, sku.skuId, 3n],
      [RELEASED, sku.skuId, 4n],
      [REPLENISHED, sku.skuId, 5n],
    ]);
    expect(payloadAs(recorded[2]!, StockReleasedSchema)).toMatchObject({
      quantity: 1n,
      available: 1n,
      reason: StockReleaseReason.EXPIRED,
    });
  });

  it("concurrent deliveries to four warehouses of a SKU at 0: exactly one StockReplenished", async () => {
    const sku = newSku();
    await adjust(sku, 1n, "wh-a");
    await adjust(sku, -1n, "wh-a");
    for (let round = 0; round < 5; round++) {
      const recorded = await eventsOf(() =>
        Promise.all(["wh-a", "wh-b", "wh-c", "wh-d"].map((wh) => adjust(sku, 1n, wh))),
      );
      expect(recorded.map((e) => e.eventType)).toEqual([REPLENISHED]);
      // Back to 0 for the next round, in one step per warehouse: exactly one depletion.
      const emptied = await eventsOf(() =>
        Promise.all(["wh-a", "wh-b", "wh-c", "wh-d"].map((wh) => adjust(sku, -1n, wh))),
      );
      expect(emptied.map((e) => e.eventType)).toEqual([DEPLETED]);
    }
  });

  it("concurrent reservations racing for the last units: one StockDepleted, and versions strictly increase per SKU", async () => {
    const sku = newSku();
    await adjust(sku, 3n);
    const recorded = await eventsOf(() =>
      Promise.allSettled(
        Array.from({ length: 20 }, () => inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 1n }] })),
      ),
    );
    expect(recorded.filter((e) => e.eventType === RESERVED)).toHaveLength(3);
    expect(recorded.filter((e) => e.eventType === DEPLETED)).toHaveLength(1);
    expect(recorded.at(-1)!.eventType).toBe(DEPLETED);
    const versions = recorded.map((e) => e.aggregateVersion);
    expect(versions).toEqual([2n, 3n, 4n, 5n]);
  });

  it("refused commands record nothing and write nothing", async () => {
    const sku = newSku();
    await adjust(sku, 2n);
    await inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 2n }] });
    const unknown = newSku();
    const state = async () =>
      (
        await inv.app.pool.query(
          "SELECT (SELECT count(*) FROM reservations) AS r, (SELECT count(*) FROM stock) AS s, (SELECT count(*) FROM sku_products) AS p, (SELECT sum(version) FROM sku_products) AS v",
        )
      ).rows[0];
    const before = await state();
    const attempts: Array<[Code, () => Promise<unknown>]> = [
      [Code.FailedPrecondition, () => inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 1n }] })],
      [Code.FailedPrecondition, () => inv.orders.reserveStock({ lines: [{ skuId: unknown.skuId, quantity: 1n }] })],
      [Code.InvalidArgument, () => inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 0n }] })],
      [Code.NotFound, () => inv.orders.releaseReservation({ reservationId: "no-such-reservation" })],
      [
        Code.InvalidArgument,
        () => admin().adjustStock({ skuId: unknown.skuId, warehouseId: "wh-a", delta: 5n, reason: "no product id" }),
      ],
      // Removing reserved stock, in a warehouse the SKU was never in: not even the empty stock row stays.
      [
        Code.FailedPrecondition,
        () => admin().adjustStock({ skuId: sku.skuId, warehouseId: "wh-new", delta: -1n, reason: "stock take" }),
      ],
      [
        Code.FailedPrecondition,
        () => admin().adjustStock({ ...unknown, warehouseId: "wh-a", delta: -1n, reason: "new SKU, negative" }),
      ],
      [Code.PermissionDenied, () => admin().reserveStock({ lines: [{ skuId: sku.skuId, quantity: 1n }] })],
    ];
    for (const [code, attempt] of attempts) {
      const recorded = await eventsOf(async () => {
        expect((await rpcError(attempt())).code).toBe(code);
      });
      expect(recorded).toEqual([]);
    }
    expect(await state()).toEqual(before);
  });
});

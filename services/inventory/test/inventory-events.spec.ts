import { Code } from "@connectrpc/connect";
import {
  StockAvailabilityChangedSchema,
  StockDepletedSchema,
  StockReleasedSchema,
  StockReleaseReason,
  StockReplenishedSchema,
  StockReservedSchema,
} from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { lastSeq, payloadAs, recordedEvents, recordedSince, rpcError, type RecordedEvent } from "@emporium/testing";
import { startInventory, type RunningInventory } from "./inventory-harness";

const SCHEMAS = [
  StockReservedSchema,
  StockReleasedSchema,
  StockDepletedSchema,
  StockReplenishedSchema,
  StockAvailabilityChangedSchema,
];
const T = "emporium.inventory.v1.";
const RESERVED = `${T}StockReserved`;
const RELEASED = `${T}StockReleased`;
const DEPLETED = `${T}StockDepleted`;
const REPLENISHED = `${T}StockReplenished`;
const AVAILABILITY = `${T}StockAvailabilityChanged`;

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
  /** The StockAvailabilityChanged events: [SKU, version, available, in stock, on hand, reserved]. */
  const availabilityIn = (recorded: RecordedEvent[]) =>
    recorded
      .filter((e) => e.eventType === AVAILABILITY)
      .map((e) => {
        const p = payloadAs(e, StockAvailabilityChangedSchema);
        expect(p.skuId).toBe(e.aggregateId);
        return [p.skuId, e.aggregateVersion, p.available, p.inStock, p.onHand, p.reserved];
      });
  const adjust = (sku: { skuId: string; productId: string }, delta: bigint, warehouseId = "wh-a") =>
    admin().adjustStock({ ...sku, warehouseId, delta, reason: "test" });

  /** Per SKU, each event's version is above the one before it. */
  const expectIncreasingVersions = (recorded: RecordedEvent[]) => {
    const last = new Map<string, bigint>();
    for (const e of recorded) {
      expect(e.aggregateVersion).toBeGreaterThan(last.get(e.aggregateId) ?? 0n);
      last.set(e.aggregateId, e.aggregateVersion);
    }
  };

  beforeAll(async () => {
    inv = await startInventory();
  });
  afterAll(() => inv.stop());

  it("seeding records no events (seeded stock is the starting state, not news)", async () => {
    const { rows } = await inv.app.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM stock");
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(await events()).toEqual([]);
  });

  it("stocking a new SKU is a replenishment (0 → positive): StockReplenished at version 1, then the availability; more stock on top records only the availability", async () => {
    const sku = newSku();
    const first = await eventsOf(() => adjust(sku, 5n));
    expect(brief(first)).toEqual([
      [REPLENISHED, sku.skuId, 1n],
      [AVAILABILITY, sku.skuId, 2n],
    ]);
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
    expect(availabilityIn(first)).toEqual([[sku.skuId, 2n, 5n, true, 5n, 0n]]);
    expect(availabilityIn(await eventsOf(() => adjust(sku, 3n, "wh-b")))).toEqual([[sku.skuId, 3n, 8n, true, 8n, 0n]]);
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
      [RESERVED, a.skuId, 3n],
      [DEPLETED, a.skuId, 4n],
      [AVAILABILITY, a.skuId, 5n],
      [RESERVED, b.skuId, 3n],
      [AVAILABILITY, b.skuId, 4n],
    ]);
    expect(payloadAs(recorded[0]!, StockReservedSchema)).toMatchObject({
      ...a,
      reservationId,
      quantity: 4n,
      available: 0n,
    });
    expect(payloadAs(recorded[1]!, StockDepletedSchema)).toMatchObject({ ...a, onHand: 4n, reserved: 4n });
    expect(payloadAs(recorded[3]!, StockReservedSchema)).toMatchObject({
      ...b,
      reservationId,
      quantity: 3n,
      available: 7n,
    });
    expect(availabilityIn(recorded)).toEqual([
      [a.skuId, 5n, 0n, false, 4n, 4n],
      [b.skuId, 4n, 7n, true, 10n, 3n],
    ]);
    expect(payloadAs(recorded[2]!, StockAvailabilityChangedSchema).productId).toBe(a.productId);
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
      [RELEASED, a.skuId, 6n],
      [REPLENISHED, a.skuId, 7n],
      [AVAILABILITY, a.skuId, 8n],
      [RELEASED, b.skuId, 5n],
      [AVAILABILITY, b.skuId, 6n],
    ]);
    expect(availabilityIn(recorded)).toEqual([
      [a.skuId, 8n, 2n, true, 2n, 0n],
      [b.skuId, 6n, 5n, true, 5n, 0n],
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

  it("a commit records nothing, not even StockAvailabilityChanged (available is unchanged), but is a new version of the SKU", async () => {
    const sku = newSku();
    await adjust(sku, 5n);
    const { id } = (await inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 2n }] })).reservation!;
    expect(await eventsOf(() => inv.orders.commitReservation({ reservationId: id }))).toEqual([]);
    // stocked v1-v2, reserved v3-v4, commit v5: removing the rest depletes at v6
    expect(brief(await eventsOf(() => adjust(sku, -3n)))).toEqual([
      [DEPLETED, sku.skuId, 6n],
      [AVAILABILITY, sku.skuId, 7n],
    ]);
  });

  it("AdjustStock taking available stock to 0 records StockDepleted; back above 0 records one StockReplenished", async () => {
    const sku = newSku();
    await adjust(sku, 3n);
    expect(brief(await eventsOf(() => adjust(sku, -1n)))).toEqual([[AVAILABILITY, sku.skuId, 3n]]);
    const depleted = await eventsOf(() => adjust(sku, -2n));
    expect(brief(depleted)).toEqual([
      [DEPLETED, sku.skuId, 4n],
      [AVAILABILITY, sku.skuId, 5n],
    ]);
    expect(payloadAs(depleted[0]!, StockDepletedSchema)).toMatchObject({ ...sku, onHand: 0n, reserved: 0n });
    expect(availabilityIn(depleted)).toEqual([[sku.skuId, 5n, 0n, false, 0n, 0n]]);
    const replenished = await eventsOf(() => adjust(sku, 7n, "wh-b"));
    expect(brief(replenished)).toEqual([
      [REPLENISHED, sku.skuId, 6n],
      [AVAILABILITY, sku.skuId, 7n],
    ]);
    expect(payloadAs(replenished[0]!, StockReplenishedSchema)).toMatchObject({ available: 7n, onHand: 7n });
    expect(availabilityIn(replenished)).toEqual([[sku.skuId, 7n, 7n, true, 7n, 0n]]);
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
      [RESERVED, sku.skuId, 3n],
      [DEPLETED, sku.skuId, 4n],
      [AVAILABILITY, sku.skuId, 5n],
      [RELEASED, sku.skuId, 6n],
      [REPLENISHED, sku.skuId, 7n],
      [AVAILABILITY, sku.skuId, 8n],
    ]);
    expect(availabilityIn(recorded)).toEqual([
      [sku.skuId, 5n, 0n, false, 1n, 1n],
      [sku.skuId, 8n, 1n, true, 1n, 0n],
    ]);
    expect(payloadAs(recorded[3]!, StockReleasedSchema)).toMatchObject({
      quantity: 1n,
      available: 1n,
      reason: StockReleaseReason.EXPIRED,
    });
  });

  it("every change of available records one StockAvailabilityChanged, last, at the version a read of the SKU then shows", async () => {
    const sku = newSku();
    const client = inv.client();
    /** Runs a change; returns its availability event (or undefined) and the SKU's version read after it. */
    const change = async (command: () => Promise<unknown>) => {
      const recorded = await eventsOf(command);
      const { availability } = await client.getAvailability({ skuId: sku.skuId });
      const changed = availabilityIn(recorded);
      expect(changed.length).toBeLessThanOrEqual(1);
      if (changed.length) expect(recorded.at(-1)!.eventType).toBe(AVAILABILITY);
      return { changed: changed[0], version: availability!.version };
    };
    const delivery = await change(() => adjust(sku, 5n));
    expect(delivery.changed).toEqual([sku.skuId, delivery.version, 5n, true, 5n, 0n]);
    let id = "";
    const reserved = await change(async () => {
      id = (await inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 2n }] })).reservation!.id;
    });
    expect(reserved.changed).toEqual([sku.skuId, reserved.version, 3n, true, 5n, 2n]);
    const released = await change(() => inv.orders.releaseReservation({ reservationId: id }));
    expect(released.changed).toEqual([sku.skuId, released.version, 5n, true, 5n, 0n]);
    const all = await change(async () => {
      id = (await inv.orders.reserveStock({ lines: [{ skuId: sku.skuId, quantity: 5n }] })).reservation!.id;
    });
    expect(all.changed).toEqual([sku.skuId, all.version, 0n, false, 5n, 5n]);
    // A commit moves the version on but not available: no event, and a reader sees the new version.
    const committed = await change(() => inv.orders.commitReservation({ reservationId: id }));
    expect(committed).toEqual({ changed: undefined, version: all.version + 1n });
    const restocked = await change(() => adjust(sku, 4n, "wh-b"));
    expect(restocked.changed).toEqual([sku.skuId, restocked.version, 4n, true, 4n, 0n]);
    const removed = await change(() => adjust(sku, -1n, "wh-b"));
    expect(removed.changed).toEqual([sku.skuId, removed.version, 3n, true, 3n, 0n]);
    const versions = [delivery, reserved, released, all, committed, restocked, removed].map((c) => c.version);
    expect([...versions].sort((x, y) => (x < y ? -1 : 1))).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("concurrent deliveries to four warehouses of a SKU at 0: exactly one StockReplenished, four availabilities", async () => {
    const sku = newSku();
    await adjust(sku, 1n, "wh-a");
    await adjust(sku, -1n, "wh-a");
    for (let round = 0; round < 5; round++) {
      const recorded = await eventsOf(() =>
        Promise.all(["wh-a", "wh-b", "wh-c", "wh-d"].map((wh) => adjust(sku, 1n, wh))),
      );
      // The deliveries queue on the SKU's lock: the first crosses zero, each tells the new availability.
      expect(recorded.map((e) => e.eventType)).toEqual([
        REPLENISHED,
        AVAILABILITY,
        AVAILABILITY,
        AVAILABILITY,
        AVAILABILITY,
      ]);
      expect(availabilityIn(recorded).map(([, , available]) => available)).toEqual([1n, 2n, 3n, 4n]);
      // Back to 0 for the next round, in one step per warehouse: exactly one depletion.
      const emptied = await eventsOf(() =>
        Promise.all(["wh-a", "wh-b", "wh-c", "wh-d"].map((wh) => adjust(sku, -1n, wh))),
      );
      expect(emptied.map((e) => e.eventType)).toEqual([
        AVAILABILITY,
        AVAILABILITY,
        AVAILABILITY,
        DEPLETED,
        AVAILABILITY,
      ]);
      expect(availabilityIn(emptied).map(([, , available]) => available)).toEqual([3n, 2n, 1n, 0n]);
      expectIncreasingVersions([...recorded, ...emptied]);
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
    expect(recorded.at(-2)!.eventType).toBe(DEPLETED);
    expect(availabilityIn(recorded).map(([, , available]) => available)).toEqual([2n, 1n, 0n]);
    const versions = recorded.map((e) => e.aggregateVersion);
    expect(versions).toEqual([3n, 4n, 5n, 6n, 7n, 8n, 9n]);
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

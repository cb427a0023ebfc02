import { Code, ConnectError } from "@connectrpc/connect";
import { ReservationStatus } from "@emporium/contracts/emporium/inventory/v1/inventory_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { startInventory, type RunningInventory } from "./inventory-harness";

describe("inventory reservations (real PostgreSQL)", () => {
  let inv: RunningInventory;
  let sku = 0;
  /** A SKU of its own for each test, stocked through the admin RPC. */
  const stockedSku = async (perWarehouse: Record<string, number>) => {
    const skuId = `test-sku-${++sku}-${Date.now()}`;
    const admin = inv.client(inv.adminToken);
    for (const [warehouseId, n] of Object.entries(perWarehouse))
      await admin.adjustStock({
        skuId,
        warehouseId,
        delta: BigInt(n),
        reason: "test delivery",
        productId: `test-product-${sku}`,
      });
    return skuId;
  };
  const availability = async (skuId: string) => (await inv.client().getAvailability({ skuId })).availability!;

  beforeAll(async () => {
    inv = await startInventory({ seed: false });
  });
  afterAll(() => inv.stop());

  it("100 concurrent reservations of one unit for a SKU with 10: exactly 10 succeed, the other 90 are refused", async () => {
    const skuId = await stockedSku({ "wh-a": 6, "wh-b": 4 });
    // On a loaded machine a request can wait longer than the pool's connection timeout and be told
    // UNAVAILABLE before any work was done; a client retries that, as this one does.
    const reserve = async (): Promise<unknown> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await inv.orders.reserveStock({ lines: [{ skuId, quantity: 1n }] });
        } catch (err) {
          if (ConnectError.from(err).code !== Code.Unavailable || attempt === 5) throw err;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    };
    const results = await Promise.allSettled(Array.from({ length: 100 }, reserve));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results
      .filter((r): r is PromiseRejectedResult => r.status === "rejected")
      .map((r) => ConnectError.from(r.reason).code);
    expect(ok).toHaveLength(10);
    expect(new Set(refused)).toEqual(new Set([Code.FailedPrecondition]));
    expect(await availability(skuId)).toMatchObject({ available: 0n, onHand: 10n, reserved: 10n });
  });

  it("refuses an adjustment that would take a warehouse below zero, leaving the stock as it was", async () => {
    const skuId = await stockedSku({ "wh-a": 3, "wh-b": 5 });
    const admin = inv.client(inv.adminToken);
    // Nothing is reserved: the use case refuses on the count alone (a CHECK violation would be INTERNAL).
    const err = await rpcError(admin.adjustStock({ skuId, warehouseId: "wh-a", delta: -4n, reason: "stock take" }));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(await availability(skuId)).toMatchObject({ onHand: 8n, reserved: 0n, available: 8n });
    // The other warehouse's stock does not count towards this one; taking exactly what is there does.
    expect(
      (await rpcError(admin.adjustStock({ skuId, warehouseId: "wh-a", delta: -5n, reason: "stock take" }))).code,
    ).toBe(Code.FailedPrecondition);
    await admin.adjustStock({ skuId, warehouseId: "wh-a", delta: -3n, reason: "stock take" });
    expect(await availability(skuId)).toMatchObject({ onHand: 5n, available: 5n });
  });

  it("reserves all lines or none: one short line leaves the others untouched", async () => {
    const plenty = await stockedSku({ "wh-a": 50 });
    const scarce = await stockedSku({ "wh-a": 1 });
    const err = await rpcError(
      inv.orders.reserveStock({
        lines: [
          { skuId: plenty, quantity: 5n },
          { skuId: scarce, quantity: 2n },
        ],
      }),
    );
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(violationsOf(err)).toEqual([
      { field: "lines[1].quantity", ruleId: "stock.sufficient", message: `only 1 of SKU ${scarce} available` },
    ]);
    expect((await availability(plenty)).reserved).toBe(0n);
  });

  it("commits (stock leaves) and releases (stock returns), each idempotent, never both", async () => {
    const skuId = await stockedSku({ "wh-a": 3, "wh-b": 3 });
    const a = (await inv.orders.reserveStock({ lines: [{ skuId, quantity: 4n }], reference: "order-1" })).reservation!;
    expect(a.lines.map((l) => [l.warehouseId, l.quantity])).toEqual([
      ["wh-a", 3n],
      ["wh-b", 1n],
    ]);
    await inv.orders.commitReservation({ reservationId: a.id });
    expect((await inv.orders.commitReservation({ reservationId: a.id })).reservation!.status).toBe(
      ReservationStatus.COMMITTED,
    );
    expect(await availability(skuId)).toMatchObject({ onHand: 2n, reserved: 0n, available: 2n });

    const b = (await inv.orders.reserveStock({ lines: [{ skuId, quantity: 2n }] })).reservation!;
    expect((await inv.orders.releaseReservation({ reservationId: b.id })).reservation!.status).toBe(
      ReservationStatus.RELEASED,
    );
    expect(await availability(skuId)).toMatchObject({ onHand: 2n, available: 2n });
    const late = await rpcError(inv.orders.commitReservation({ reservationId: b.id }));
    expect(late.code).toBe(Code.FailedPrecondition);
    expect((await rpcError(inv.orders.releaseReservation({ reservationId: "nope" }))).code).toBe(Code.NotFound);
  });

  it("gives back the stock of expired reservations automatically", async () => {
    const skuId = await stockedSku({ "wh-a": 2 });
    const r = (await inv.orders.reserveStock({ lines: [{ skuId, quantity: 2n }], ttlSeconds: 1 })).reservation!;
    expect((await availability(skuId)).available).toBe(0n);
    for (let i = 0; i < 50 && (await availability(skuId)).available !== 2n; i++)
      await new Promise((res) => setTimeout(res, 200));
    expect(await availability(skuId)).toMatchObject({ available: 2n, reserved: 0n });
    expect((await rpcError(inv.orders.commitReservation({ reservationId: r.id }))).rawMessage).toContain("is expired");
  });

  it("returns the first reservation for a retry with the same idempotency key", async () => {
    const skuId = await stockedSku({ "wh-a": 5 });
    const request = { lines: [{ skuId, quantity: 2n }], idempotencyKey: `retry-${skuId}` };
    const [a, b] = await Promise.all([inv.orders.reserveStock(request), inv.orders.reserveStock(request)]);
    expect(b.reservation!.id).toBe(a.reservation!.id);
    expect((await availability(skuId)).reserved).toBe(2n);
  });

  it("refuses invalid input with InvalidArgument and violations, writing nothing", async () => {
    const count = async () =>
      (await inv.app.pool.query("SELECT (SELECT count(*) FROM reservations) + (SELECT count(*) FROM stock) AS n"))
        .rows[0].n as string;
    const before = await count();
    const err = await rpcError(inv.orders.reserveStock({ lines: [{ skuId: "", quantity: 0n }], ttlSeconds: -1 }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(err)
        .map((v) => v.field)
        .sort(),
    ).toEqual(["lines[0].quantity", "lines[0].sku_id", "ttl_seconds"]);
    const zero = await rpcError(
      inv.client(inv.adminToken).adjustStock({ skuId: "x", warehouseId: "wh-a", delta: 0n, reason: "nothing" }),
    );
    expect(violationsOf(zero)).toEqual([expect.objectContaining({ field: "delta", ruleId: "int64.not_in" })]);
    for (const call of [
      inv.orders.releaseReservation({ reservationId: "" }),
      inv.orders.commitReservation({ reservationId: "" }),
    ]) {
      expect(violationsOf(await rpcError(call))).toEqual([
        expect.objectContaining({ field: "reservation_id", ruleId: "string.min_len" }),
      ]);
    }
    expect(await count()).toBe(before);
  });

  it("refuses to remove stock that reservations hold", async () => {
    const skuId = await stockedSku({ "wh-a": 3 });
    await inv.orders.reserveStock({ lines: [{ skuId, quantity: 2n }] });
    const err = await rpcError(
      inv.client(inv.adminToken).adjustStock({ skuId, warehouseId: "wh-a", delta: -2n, reason: "stock take" }),
    );
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(await availability(skuId)).toMatchObject({ onHand: 3n, reserved: 2n });
  });
});

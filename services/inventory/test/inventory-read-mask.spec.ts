import { Code } from "@connectrpc/connect";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson } from "@emporium/testing";
import { startInventory, type RunningInventory } from "./inventory-harness";

describe("inventory read masks (on the wire)", () => {
  let inv: RunningInventory;
  const skuId = `mask-sku-${Date.now()}`;

  beforeAll(async () => {
    inv = await startInventory({ seed: false });
    const admin = inv.client(inv.adminToken);
    for (const [warehouseId, delta] of [
      ["wh-a", 6n],
      ["wh-b", 4n],
    ] as const)
      await admin.adjustStock({ skuId, warehouseId, delta, reason: "delivery", productId: "mask-product" });
  });
  afterAll(() => inv.stop());

  it("sends only the selected fields of an availability", async () => {
    const { status, body } = await rpcJson(inv.httpUrl, InventoryService.method.getAvailability, {
      skuId,
      readMask: { paths: ["sku_id", "available"] },
    });
    expect(status).toBe(200);
    expect(body).toEqual({ availability: { skuId, available: "10" } });
  });

  it("selects within each warehouse of each availability in a batch", async () => {
    const { body } = await rpcJson(inv.httpUrl, InventoryService.method.batchGetAvailability, {
      skuIds: [skuId, "no-such-sku"],
      readMask: { paths: ["warehouses.available"] },
    });
    expect(body).toEqual({
      availabilities: [{ warehouses: [{ available: "6" }, { available: "4" }] }],
      missingSkuIds: ["no-such-sku"],
    });
  });

  it("sends every field without a mask, as before", async () => {
    const { body } = await rpcJson(inv.httpUrl, InventoryService.method.getAvailability, { skuId });
    expect(body).toEqual({
      availability: {
        skuId,
        productId: "mask-product",
        available: "10",
        onHand: "10",
        warehouses: [
          { warehouseId: "wh-a", onHand: "6", available: "6" },
          { warehouseId: "wh-b", onHand: "4", available: "4" },
        ],
        // Stocked (StockReplenished v1, StockAvailabilityChanged v2), then more (StockAvailabilityChanged v3).
        version: "3",
      },
    });
  });

  it("refuses an unknown path with INVALID_ARGUMENT naming it", async () => {
    const err = await rpcError(inv.client().getAvailability({ skuId, readMask: { paths: ["available", "colour"] } }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toContain('unknown field path "colour"');
    expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "read_mask", ruleId: "read_mask.paths" })]);
  });
});

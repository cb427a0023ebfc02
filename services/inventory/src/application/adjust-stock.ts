import { AppError } from "@emporium/platform";
import type { SkuAvailability } from "../domain/stock";
import type { InventoryDeps } from "./inventory-deps";
import { recordStockChanges } from "./record-stock-changes";

/**
 * Adds or removes stock of a SKU in one warehouse. Refusals throw inside the transaction, so a
 * refused adjustment leaves nothing behind (not even the SKU's registration). Every adjustment
 * records StockAvailabilityChanged; taking available stock from 0 also records StockReplenished
 * (before it), taking it to 0 StockDepleted.
 */
export async function adjustStock(
  deps: InventoryDeps,
  cmd: { skuId: string; warehouseId: string; delta: bigint; productId?: string },
): Promise<SkuAvailability> {
  return deps.inventory.transaction(async (tx) => {
    if (cmd.productId) await tx.registerSku(cmd.skuId, cmd.productId);
    if ((await tx.lockSkus([cmd.skuId])).length === 0) {
      throw new AppError("INVALID_ARGUMENT", `SKU ${cmd.skuId} is not stocked yet: pass its product_id`, [
        { field: "product_id", ruleId: "sku.product_required", message: "required the first time a SKU is stocked" },
      ]);
    }
    const before = await tx.stockOf([cmd.skuId]);
    if (!(await tx.adjust(cmd.skuId, cmd.warehouseId, cmd.delta))) {
      throw new AppError(
        "FAILED_PRECONDITION",
        `removing ${-cmd.delta} would leave less stock than is reserved in ${cmd.warehouseId}`,
      );
    }
    const [after] = await recordStockChanges(tx, [cmd.skuId], before, () => undefined);
    return after!;
  });
}

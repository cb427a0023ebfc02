import { AppError } from "@emporium/platform";
import type { SkuAvailability } from "../domain/stock";
import type { InventoryDeps } from "./inventory-deps";

export async function adjustStock(deps: InventoryDeps, cmd: { skuId: string; warehouseId: string; delta: bigint; productId?: string }): Promise<SkuAvailability> {
  const outcome = await deps.inventory.transaction((tx) => tx.adjust(cmd.skuId, cmd.warehouseId, cmd.delta, cmd.productId));
  if (outcome === "unknown-sku") {
    throw new AppError("INVALID_ARGUMENT", `SKU ${cmd.skuId} is not stocked yet: pass its product_id`, [{ field: "product_id", ruleId: "sku.product_required", message: "required the first time a SKU is stocked" }]);
  }
  if (outcome === "below-reserved") throw new AppError("FAILED_PRECONDITION", `removing ${-cmd.delta} would leave less stock than is reserved in ${cmd.warehouseId}`);
  const [availability] = await deps.inventory.bySkus([cmd.skuId]);
  return availability!;
}

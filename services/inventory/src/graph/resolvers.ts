import DataLoader from "dataloader";
import { available, type SkuAvailability } from "../domain/stock";
import type { InventoryDeps } from "../application/inventory-deps";

export interface GraphContext {
  requestId: string;
  productStock: DataLoader<string, SkuAvailability[]>;
}

/** Per request: every product reference in one GraphQL request costs one query. */
export function graphContext(deps: InventoryDeps): Omit<GraphContext, "requestId"> {
  return {
    productStock: new DataLoader(
      async (productIds) => {
        const rows = await deps.inventory.byProducts(productIds);
        return productIds.map((id) => rows.filter((r) => r.productId === id));
      },
      { maxBatchSize: 500 },
    ),
  };
}

const toInt = (n: bigint) => Number(n > 2_147_483_647n ? 2_147_483_647n : n);

export const resolvers = {
  Product: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    async availability(product: { id: string }, _: unknown, ctx: GraphContext) {
      const skus = await ctx.productStock.load(product.id);
      if (skus.length === 0) return null;
      const byWarehouse = new Map<string, bigint>();
      for (const sku of skus)
        for (const w of sku.warehouses)
          byWarehouse.set(w.warehouseId, (byWarehouse.get(w.warehouseId) ?? 0n) + available(w));
      const quantity = [...byWarehouse.values()].reduce((a, b) => a + b, 0n);
      return {
        inStock: quantity > 0n,
        quantity: toInt(quantity),
        warehouses: [...byWarehouse]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([warehouseId, q]) => ({ warehouseId, quantity: toInt(q) })),
      };
    },
  },
};

import type { PoolClient } from "@emporium/platform";
import type { SkuStockProjection, SkuStockState } from "../application/catalog-deps";

/** The stock projection on PostgreSQL, written with the consumer's inbox transaction. */
export class PgSkuStockProjection implements SkuStockProjection {
  constructor(private readonly client: Pick<PoolClient, "query">) {}

  async record(state: SkuStockState, now: Date): Promise<boolean> {
    const { rowCount } = await this.client.query(
      `INSERT INTO sku_stock (sku_id, product_id, in_stock, version, update_time) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sku_id) DO UPDATE
         SET product_id = EXCLUDED.product_id, in_stock = EXCLUDED.in_stock, version = EXCLUDED.version,
             update_time = EXCLUDED.update_time
         WHERE sku_stock.version < EXCLUDED.version`,
      [state.skuId, state.productId, state.inStock, state.version.toString(), now],
    );
    return rowCount === 1;
  }
}

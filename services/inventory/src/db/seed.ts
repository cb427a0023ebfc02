import { readFileSync } from "node:fs";
import path from "node:path";
import type { Pool } from "@emporium/platform";

interface SeedRow {
  skuId: string;
  productId: string;
  warehouseId: string;
  onHand: number;
}

/** Stock for the catalog's seeded SKUs (tools/seed/make-inventory-seed.ts); never overwrites. */
export async function seedInventory(pool: Pool): Promise<void> {
  const rows = JSON.parse(readFileSync(path.join(__dirname, "seed-stock.json"), "utf8")) as SeedRow[];
  await pool.query(
    `INSERT INTO sku_products (sku_id, product_id) SELECT DISTINCT r.sku_id, r.product_id FROM json_to_recordset($1::json) AS r(sku_id text, product_id text) ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map((r) => ({ sku_id: r.skuId, product_id: r.productId })))],
  );
  await pool.query(
    `INSERT INTO stock (sku_id, warehouse_id, on_hand) SELECT r.sku_id, r.warehouse_id, r.on_hand FROM json_to_recordset($1::json) AS r(sku_id text, warehouse_id text, on_hand bigint) ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows.map((r) => ({ sku_id: r.skuId, warehouse_id: r.warehouseId, on_hand: r.onHand })))],
  );
}

/**
 * Writes services/inventory/src/db/seed-stock.json from the catalog's seed, so the two services'
 * seeds agree on SKU and product ids without one importing the other's code. Re-run after changing
 * the catalog seed: `node --import tsx tools/seed/make-inventory-seed.ts`.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { seedProducts } from "../../services/catalog/src/db/seed-data";

const WAREHOUSES = ["wh-berlin", "wh-lyon", "wh-porto"];
// Deterministic "random" levels; every seventh product is sold out so the playground shows both.
const level = (n: number) => (n * 7919) % 23;

const rows = seedProducts.flatMap((p, pi) =>
  p.skus.flatMap((s, si) =>
    WAREHOUSES.map((warehouseId, wi) => ({
      skuId: s.id,
      productId: p.id,
      warehouseId,
      onHand: pi % 7 === 3 ? 0 : level(pi * 31 + si * 7 + wi),
    })),
  ),
);
const target = path.join(__dirname, "..", "..", "services", "inventory", "src", "db", "seed-stock.json");
writeFileSync(target, JSON.stringify(rows, null, 1) + "\n");
console.log(
  `wrote ${rows.length} stock rows for ${seedProducts.length} products to ${path.relative(process.cwd(), target)}`,
);

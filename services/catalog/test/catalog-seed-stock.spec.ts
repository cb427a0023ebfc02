import { readFileSync } from "node:fs";
import path from "node:path";
import { seedProducts, seedSoldOutProducts } from "../src/db/seed-data";

/**
 * Seeds publish no events, so the catalog's stock projection starts from its own copy of what
 * inventory's seed stocks. This holds the two seeds to each other: a SKU starts in stock in the
 * catalog exactly when inventory's seed gives it stock in some warehouse.
 */
describe("the catalog's seeded stock agrees with inventory's seed", () => {
  it("every seeded SKU is in stock exactly when inventory seeds it with stock", () => {
    const file = path.join(__dirname, "..", "..", "inventory", "src", "db", "seed-stock.json");
    const rows = JSON.parse(readFileSync(file, "utf8")) as Array<{ skuId: string; onHand: number }>;
    const onHand = new Map<string, number>();
    for (const row of rows) onHand.set(row.skuId, (onHand.get(row.skuId) ?? 0) + row.onHand);
    const skus = seedProducts.flatMap((p) =>
      p.skus.map((s) => ({ id: s.id, inStock: !seedSoldOutProducts.has(p.id) })),
    );
    expect(skus.map((s) => [s.id, s.inStock])).toEqual(skus.map((s) => [s.id, (onHand.get(s.id) ?? 0) > 0]));
    expect(skus.some((s) => !s.inStock)).toBe(true);
  });
});

import { inTransaction, type Pool } from "@emporium/platform";
import { seedCategories, seedProducts, seedSoldOutProducts } from "./seed-data";

/**
 * Loads the seed idempotently (ON CONFLICT DO NOTHING): safe at every start, never overwrites what
 * someone changed through the API. Times are fixed so the seed reads the same everywhere. A seeded
 * SKU from before weights existed gets its weight and size, only where none is recorded yet; a
 * seeded product from before pictures existed gets its pictures. The stock projection starts at
 * inventory's seeded state, version 0, so any event inventory publishes later wins.
 */
export async function seedCatalog(pool: Pool): Promise<void> {
  const seeded = new Date("2026-01-01T00:00:00Z");
  await inTransaction(pool, async (client) => {
    for (const c of seedCategories) {
      await client.query("INSERT INTO categories (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [
        c.id,
        c.slug,
        c.name,
      ]);
    }
    for (const p of seedProducts) {
      const lowest = Math.min(...p.skus.map((s) => s.priceMinor));
      await client.query(
        `INSERT INTO products (id, name, description, category_id, version, create_time, update_time,
                               min_price_minor, currency)
         VALUES ($1, $2, $3, $4, 1, $5, $5, $6, 'EUR') ON CONFLICT DO NOTHING`,
        [p.id, p.name, p.description, p.categoryId, seeded, lowest],
      );
      for (const [position, s] of p.skus.entries()) {
        const { lengthMm, widthMm, heightMm } = s.dimensions;
        await client.query(
          `INSERT INTO skus (id, product_id, position, code, name, price_minor, currency, attributes,
                             weight_grams, length_mm, width_mm, height_mm)
           VALUES ($1, $2, $3, $4, $5, $6, 'EUR', $7, $8, $9, $10, $11)
           ON CONFLICT (id) DO UPDATE
             SET weight_grams = EXCLUDED.weight_grams, length_mm = EXCLUDED.length_mm,
                 width_mm = EXCLUDED.width_mm, height_mm = EXCLUDED.height_mm
             WHERE skus.weight_grams IS NULL AND skus.length_mm IS NULL`,
          [
            s.id,
            p.id,
            position,
            s.code,
            s.name,
            s.priceMinor,
            JSON.stringify(s.attributes),
            s.weightGrams,
            lengthMm,
            widthMm,
            heightMm,
          ],
        );
        await client.query(
          `INSERT INTO sku_stock (sku_id, product_id, in_stock, version, update_time) VALUES ($1, $2, $3, 0, $4)
           ON CONFLICT DO NOTHING`,
          [s.id, p.id, !seedSoldOutProducts.has(p.id), seeded],
        );
      }
      // Only a product with no pictures at all gets the seeded ones: an edited list stays as it is.
      const { rowCount } = await client.query("SELECT 1 FROM product_images WHERE product_id = $1 LIMIT 1", [p.id]);
      if (rowCount) continue;
      for (const [position, image] of p.images.entries()) {
        await client.query(
          `INSERT INTO product_images (id, product_id, position, key, alt_text) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING`,
          [image.id, p.id, position, image.key, image.altText],
        );
      }
    }
  });
}

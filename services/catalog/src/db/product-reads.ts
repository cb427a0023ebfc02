import type { PoolClient } from "@emporium/platform";
import type { ProductLoad } from "../application/catalog-deps";
import type { Product } from "../domain/product";

export type Queryable = Pick<PoolClient, "query">;

/**
 * One row per product with its category, and its SKUs and pictures folded in when the read wants
 * them: every read is a single query, and one that does not want SKUs does not touch them.
 */
export function selectProducts(load: ProductLoad, leadingColumns = ""): string {
  const skus = load.skus
    ? `COALESCE((SELECT json_agg(json_build_object(
         'id', s.id, 'code', s.code, 'name', s.name, 'priceMinor', s.price_minor::text,
         'currency', s.currency, 'attributes', s.attributes, 'weightGrams', s.weight_grams,
         'lengthMm', s.length_mm, 'widthMm', s.width_mm, 'heightMm', s.height_mm) ORDER BY s.position)
       FROM skus s WHERE s.product_id = p.id), '[]'::json)`
    : "'[]'::json";
  const images = load.images
    ? `COALESCE((SELECT json_agg(json_build_object('id', i.id, 'key', i.key, 'altText', i.alt_text)
         ORDER BY i.position) FROM product_images i WHERE i.product_id = p.id), '[]'::json)`
    : "'[]'::json";
  return `
  SELECT ${leadingColumns}p.id, p.name, p.description, p.version, p.create_time, p.update_time,
         p.min_price_minor::text AS min_price_minor, p.currency,
         c.id AS category_id, c.slug AS category_slug, c.name AS category_name,
         ${skus} AS skus, ${images} AS images
  FROM products p JOIN categories c ON c.id = p.category_id`;
}

export interface ProductRow {
  id: string;
  name: string;
  description: string;
  version: string;
  create_time: Date;
  update_time: Date;
  min_price_minor: string;
  currency: string;
  category_id: string;
  category_slug: string;
  category_name: string;
  skus: Array<{
    id: string;
    code: string;
    name: string;
    priceMinor: string;
    currency: string;
    attributes: Record<string, string>;
    weightGrams: number | null;
    lengthMm: number | null;
    widthMm: number | null;
    heightMm: number | null;
  }>;
  images: Array<{ id: string; key: string; altText: string }>;
}

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: { id: row.category_id, slug: row.category_slug, name: row.category_name },
    skus: row.skus.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      price: { currency: s.currency, amountMinor: BigInt(s.priceMinor) },
      attributes: s.attributes,
      ...(s.weightGrams !== null && { weightGrams: s.weightGrams }),
      ...(s.lengthMm !== null &&
        s.widthMm !== null &&
        s.heightMm !== null && { dimensions: { lengthMm: s.lengthMm, widthMm: s.widthMm, heightMm: s.heightMm } }),
    })),
    images: row.images,
    lowestPrice: { currency: row.currency, amountMinor: BigInt(row.min_price_minor) },
    version: BigInt(row.version),
    createTime: row.create_time,
    updateTime: row.update_time,
  };
}

import type { PagePosition } from "@emporium/platform";
import type { ProductLoad, ProductPageQuery } from "../application/catalog-deps";
import { PRICE_BANDS, type PriceBandName, type ProductFilter, type ProductSortOrder } from "../domain/product-listing";
import { selectProducts } from "./product-reads";

/** Positional parameters of one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/** A product is in stock when inventory last said so for at least one of its SKUs. */
const IN_STOCK = "EXISTS (SELECT 1 FROM sku_stock st WHERE st.product_id = p.id AND st.in_stock)";

/** The band of the product's lowest price; the bounds are the domain's constants, not input. */
const BAND_OF_PRODUCT = `CASE ${PRICE_BANDS.filter((b) => b.maxMinor !== undefined)
  .map((b) => `WHEN p.min_price_minor < ${b.maxMinor} THEN '${b.band}'`)
  .join(" ")} ELSE '${PRICE_BANDS.at(-1)!.band}' END`;

const tsQuery = (params: Params, text: string) => `websearch_to_tsquery('english', ${params.add(text)})`;

const inBands = (params: Params, column: string, bands: readonly PriceBandName[] | undefined) =>
  bands?.length ? [`${column} = ANY(${params.add(bands)}::text[])`] : [];

const stockIs = (column: string, inStock: boolean | undefined) =>
  inStock === undefined ? [] : [inStock ? column : `NOT ${column}`];

const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(" AND ")}` : "");

interface SortSql {
  key: string;
  order: string;
  after(params: Params, at: PagePosition): string;
}

function sortSql(sort: ProductSortOrder, rank: string | undefined): SortSql {
  switch (sort) {
    case "relevance": {
      const key = `ts_rank(p.search, ${rank})::float8`;
      return {
        key,
        order: `${key} DESC, p.id ASC`,
        after: (params, at) => {
          const k = params.add(at.key);
          return `(${key} < ${k} OR (${key} = ${k} AND p.id > ${params.add(at.id)}))`;
        },
      };
    }
    case "newest":
      // Microseconds since the epoch: exact in a JSON number, and as precise as the column.
      return {
        key: "(extract(epoch FROM p.create_time) * 1000000)::bigint",
        order: "p.create_time DESC, p.id DESC",
        after: (params, at) =>
          `(p.create_time, p.id) < (timestamptz 'epoch' + ${params.add(at.key)}::bigint * interval '1 microsecond', ${params.add(at.id)})`,
      };
    case "price_asc":
    case "price_desc": {
      const [dir, cmp] = sort === "price_asc" ? ["ASC", ">"] : ["DESC", "<"];
      return {
        key: "p.min_price_minor",
        order: `p.min_price_minor ${dir}, p.id ${dir}`,
        after: (params, at) => `(p.min_price_minor, p.id) ${cmp} (${params.add(at.key)}::bigint, ${params.add(at.id)})`,
      };
    }
    case "name":
      return {
        key: "p.name",
        order: "p.name ASC, p.id ASC",
        after: (params, at) => `(p.name, p.id) > (${params.add(at.key)}, ${params.add(at.id)})`,
      };
  }
}

/** One page (plus one row) in the query's order, each row with its sort key as `sort_key`. */
export function pageStatement(q: ProductPageQuery, load: ProductLoad): { text: string; values: unknown[] } {
  const params = new Params();
  const { filter } = q;
  const conditions: string[] = [];
  let rank: string | undefined;
  if (filter.text) {
    rank = tsQuery(params, filter.text);
    conditions.push(`p.search @@ ${rank}`);
  }
  if (filter.categoryId) conditions.push(`p.category_id = ${params.add(filter.categoryId)}`);
  conditions.push(...inBands(params, BAND_OF_PRODUCT, filter.priceBands), ...stockIs(IN_STOCK, filter.inStock));
  const sort = sortSql(q.sort, rank);
  if (q.after) conditions.push(sort.after(params, q.after));
  const text = `${selectProducts(load, `${sort.key} AS sort_key, `)}
    ${where(conditions)} ORDER BY ${sort.order} LIMIT ${params.add(q.limit + 1)}`;
  return { text, values: params.values };
}

export interface FacetRow {
  facet: "category" | "band" | "stock";
  value: string;
  slug: string | null;
  name: string | null;
  n: number;
}

/**
 * Every facet's counts in one statement: the text query narrows what is counted at all; each
 * facet then applies the other facets' filters, never its own.
 */
export function facetStatement(filter: ProductFilter): { text: string; values: unknown[] } {
  const params = new Params();
  const textMatch = filter.text ? [`p.search @@ ${tsQuery(params, filter.text)}`] : [];
  const category = filter.categoryId ? [`m.category_id = ${params.add(filter.categoryId)}`] : [];
  const bands = inBands(params, "m.band", filter.priceBands);
  const stock = stockIs("m.in_stock", filter.inStock);
  const text = `
    WITH matching AS (
      SELECT p.category_id, ${BAND_OF_PRODUCT} AS band, ${IN_STOCK} AS in_stock
      FROM products p ${where(textMatch)})
    SELECT 'category' AS facet, c.id AS value, c.slug, c.name, count(*)::int AS n
      FROM matching m JOIN categories c ON c.id = m.category_id ${where([...bands, ...stock])}
      GROUP BY c.id, c.slug, c.name
    UNION ALL
    SELECT 'band', m.band, NULL, NULL, count(*)::int FROM matching m ${where([...category, ...stock])} GROUP BY m.band
    UNION ALL
    SELECT 'stock', m.in_stock::text, NULL, NULL, count(*)::int FROM matching m ${where([...category, ...bands])}
      GROUP BY m.in_stock`;
  return { text, values: params.values };
}

import type { DescMessage } from "@bufbuild/protobuf";
import { inTransaction, recordEvent, type EventToRecord, type Pool, type PoolClient } from "@emporium/platform";
import type { Category, NewProduct, Parcel, Product } from "../domain/product";
import type { ProductPageQuery, ProductRepository, ProductTransaction } from "../application/catalog-deps";
import { CATALOG_EVENT_SOURCE } from "../application/catalog-events";

type Queryable = Pick<PoolClient, "query">;

/** One row per product with its category and SKUs folded in: every read is a single query. */
const SELECT_PRODUCTS = `
  SELECT p.id, p.name, p.description, p.version, p.create_time, p.update_time,
         c.id AS category_id, c.slug AS category_slug, c.name AS category_name,
         COALESCE((SELECT json_agg(json_build_object(
                     'id', s.id, 'code', s.code, 'name', s.name, 'priceMinor', s.price_minor::text,
                     'currency', s.currency, 'attributes', s.attributes, 'weightGrams', s.weight_grams,
                     'lengthMm', s.length_mm, 'widthMm', s.width_mm, 'heightMm', s.height_mm) ORDER BY s.position)
                   FROM skus s WHERE s.product_id = p.id), '[]'::json) AS skus
  FROM products p JOIN categories c ON c.id = p.category_id`;

interface ProductRow {
  id: string;
  name: string;
  description: string;
  version: string;
  create_time: Date;
  update_time: Date;
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
}

/** The product repository on PostgreSQL. */
export class PgProductRepository implements ProductRepository {
  constructor(private readonly pool: Pool) {}

  transaction<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgProductTransaction(client)));
  }

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    return findByIds(this.pool, ids);
  }

  async findBySkuIds(skuIds: readonly string[]): Promise<Product[]> {
    const { rows } = await this.pool.query<ProductRow>(
      `${SELECT_PRODUCTS} WHERE p.id IN (SELECT product_id FROM skus WHERE id = ANY($1))`,
      [skuIds],
    );
    return rows.map(toProduct);
  }

  async listCategories(): Promise<Category[]> {
    const { rows } = await this.pool.query<Category>("SELECT id, slug, name FROM categories ORDER BY name, id");
    return rows;
  }

  /** One page plus one extra row to know whether another page follows. */
  async page(q: ProductPageQuery): Promise<Array<{ product: Product; key: string | number }>> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (q.categoryId) where.push(`p.category_id = ${param(q.categoryId)}`);
    let keyExpr = "p.name";
    let order = "p.name ASC, p.id ASC";
    if (q.text) {
      const tsq = `websearch_to_tsquery('english', ${param(q.text)})`;
      where.push(`p.search @@ ${tsq}`);
      keyExpr = `ts_rank(p.search, ${tsq})::float8`;
      order = `${keyExpr} DESC, p.id ASC`;
      if (q.after)
        where.push(
          `(${keyExpr} < ${param(q.after.key)} OR (${keyExpr} = $${params.length} AND p.id > ${param(q.after.id)}))`,
        );
    } else if (q.after) {
      where.push(`(p.name, p.id) > (${param(q.after.key)}, ${param(q.after.id)})`);
    }
    const sql = `SELECT * FROM (${SELECT_PRODUCTS.replace("SELECT p.id", `SELECT ${keyExpr} AS sort_key, p.id`)}
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order} LIMIT ${param(q.limit + 1)}) page`;
    const { rows } = await this.pool.query<ProductRow & { sort_key: string | number }>(sql, params);
    return rows.map((row) => ({ product: toProduct(row), key: row.sort_key }));
  }
}

/** The writes of one command, inside one PostgreSQL transaction. */
export class PgProductTransaction implements ProductTransaction {
  constructor(private readonly client: PoolClient) {}

  findByIds(ids: readonly string[]): Promise<Product[]> {
    return findByIds(this.client, ids, true);
  }

  async categoryExists(id: string): Promise<boolean> {
    const { rowCount } = await this.client.query("SELECT 1 FROM categories WHERE id = $1", [id]);
    return rowCount === 1;
  }

  async takenSkuCodes(codes: string[]): Promise<string[]> {
    const { rows } = await this.client.query<{ code: string }>("SELECT code FROM skus WHERE code = ANY($1)", [codes]);
    return rows.map((r) => r.code);
  }

  async findIdempotentRequest(key: string): Promise<{ requestHash: string; productId: string } | undefined> {
    // Serialises concurrent retries of the same key: the second waits for the first to commit.
    await this.client.query("SELECT pg_advisory_xact_lock(hashtext('create_product:' || $1))", [key]);
    const { rows } = await this.client.query<{ request_hash: string; product_id: string }>(
      "SELECT request_hash, product_id FROM create_product_requests WHERE idempotency_key = $1",
      [key],
    );
    return rows[0] && { requestHash: rows[0].request_hash, productId: rows[0].product_id };
  }

  async insert(
    id: string,
    product: NewProduct,
    skuIds: string[],
    now: Date,
    idempotency?: { key: string; requestHash: string },
  ): Promise<void> {
    await this.client.query(
      "INSERT INTO products (id, name, description, category_id, version, create_time, update_time) VALUES ($1, $2, $3, $4, 1, $5, $5)",
      [id, product.name, product.description, product.categoryId, now],
    );
    for (const [i, sku] of product.skus.entries()) {
      await this.client.query(
        `INSERT INTO skus (id, product_id, position, code, name, price_minor, currency, attributes,
                           weight_grams, length_mm, width_mm, height_mm)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          skuIds[i],
          id,
          i,
          sku.code,
          sku.name,
          sku.price.amountMinor.toString(),
          sku.price.currency,
          JSON.stringify(sku.attributes),
          ...parcelColumns(sku),
        ],
      );
    }
    if (idempotency) {
      await this.client.query(
        "INSERT INTO create_product_requests (idempotency_key, request_hash, product_id, create_time) VALUES ($1, $2, $3, $4)",
        [idempotency.key, idempotency.requestHash, id, now],
      );
    }
  }

  /** Writes the product's new state and returns its new version. */
  async update(product: Product, now: Date): Promise<bigint> {
    const { rows } = await this.client.query<{ version: string }>(
      "UPDATE products SET name = $2, description = $3, category_id = $4, version = version + 1, update_time = $5 WHERE id = $1 RETURNING version",
      [product.id, product.name, product.description, product.category.id, now],
    );
    for (const sku of product.skus) {
      await this.client.query(
        `UPDATE skus SET price_minor = $2, currency = $3, weight_grams = $4, length_mm = $5, width_mm = $6,
                         height_mm = $7 WHERE id = $1`,
        [sku.id, sku.price.amountMinor.toString(), sku.price.currency, ...parcelColumns(sku)],
      );
    }
    return BigInt(rows[0]!.version);
  }

  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  async recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void> {
    await recordEvent(this.client, CATALOG_EVENT_SOURCE, event);
  }
}

async function findByIds(db: Queryable, ids: readonly string[], forUpdate = false): Promise<Product[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ProductRow>(
    `${SELECT_PRODUCTS} WHERE p.id = ANY($1)${forUpdate ? " FOR UPDATE OF p" : ""}`,
    [ids],
  );
  return rows.map(toProduct);
}

function toProduct(row: ProductRow): Product {
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
    version: BigInt(row.version),
    createTime: row.create_time,
    updateTime: row.update_time,
  };
}

/** weight_grams, length_mm, width_mm, height_mm: NULL where the catalog does not know them. */
function parcelColumns(sku: Parcel): Array<number | null> {
  const d = sku.dimensions;
  return [sku.weightGrams ?? null, d?.lengthMm ?? null, d?.widthMm ?? null, d?.heightMm ?? null];
}

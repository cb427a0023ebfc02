import type { DescMessage } from "@bufbuild/protobuf";
import { inTransaction, recordEvent, type EventToRecord, type Pool, type PoolClient } from "@emporium/platform";
import {
  lowestPriceMinor,
  type Category,
  type NewImage,
  type NewProduct,
  type Parcel,
  type Product,
} from "../domain/product";
import { PRICE_BANDS, type ProductFacets, type ProductFilter } from "../domain/product-listing";
import {
  LOAD_EVERYTHING,
  type ProductLoad,
  type ProductPageQuery,
  type ProductRepository,
  type ProductTransaction,
} from "../application/catalog-deps";
import { CATALOG_EVENT_SOURCE } from "../application/catalog-events";
import { facetStatement, pageStatement, type FacetRow } from "./product-listing-sql";
import { selectProducts, toProduct, type ProductRow, type Queryable } from "./product-reads";
import type { CatalogReadMetrics } from "./read-metrics";

/** The product repository on PostgreSQL. Counts what its reads load, so skipped loads show. */
export class PgProductRepository implements ProductRepository {
  constructor(
    private readonly pool: Pool,
    private readonly reads?: CatalogReadMetrics,
  ) {}

  transaction<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgProductTransaction(client)));
  }

  async findByIds(ids: readonly string[], load: ProductLoad = LOAD_EVERYTHING): Promise<Product[]> {
    if (ids.length === 0) return [];
    this.reads?.loaded(load);
    return findByIds(this.pool, ids, load);
  }

  async findBySkuIds(skuIds: readonly string[]): Promise<Product[]> {
    const load = { skus: true, images: false };
    this.reads?.loaded(load);
    const { rows } = await this.pool.query<ProductRow>(
      `${selectProducts(load)} WHERE p.id IN (SELECT product_id FROM skus WHERE id = ANY($1))`,
      [skuIds],
    );
    return rows.map(toProduct);
  }

  async listCategories(): Promise<Category[]> {
    const { rows } = await this.pool.query<Category>("SELECT id, slug, name FROM categories ORDER BY name, id");
    return rows;
  }

  async page(
    q: ProductPageQuery,
    load: ProductLoad = LOAD_EVERYTHING,
  ): Promise<Array<{ product: Product; key: string | number }>> {
    this.reads?.loaded(load);
    const { rows } = await this.pool.query<ProductRow & { sort_key: string | number }>(pageStatement(q, load));
    // bigint keys (prices, times) arrive as strings; the keyset codec wants numbers for them.
    return rows.map((row) => ({
      product: toProduct(row),
      key: q.sort === "name" ? row.sort_key : Number(row.sort_key),
    }));
  }

  async facets(filter: ProductFilter): Promise<ProductFacets> {
    this.reads?.facets();
    const { rows } = await this.pool.query<FacetRow>(facetStatement(filter));
    const count = (facet: FacetRow["facet"], value: string) =>
      rows.find((r) => r.facet === facet && r.value === value)?.n ?? 0;
    return {
      categories: rows
        .filter((r) => r.facet === "category")
        .map((r) => ({ category: { id: r.value, slug: r.slug!, name: r.name! }, count: r.n }))
        .sort((a, b) => a.category.name.localeCompare(b.category.name) || (a.category.id < b.category.id ? -1 : 1)),
      priceBands: PRICE_BANDS.map((band) => ({ ...band, count: count("band", band.band) })),
      inStock: count("stock", "true"),
      outOfStock: count("stock", "false"),
    };
  }
}

/** The writes of one command, inside one PostgreSQL transaction. */
export class PgProductTransaction implements ProductTransaction {
  constructor(private readonly client: PoolClient) {}

  findByIds(ids: readonly string[]): Promise<Product[]> {
    return findByIds(this.client, ids, LOAD_EVERYTHING, true);
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
    ids: { product: string; skus: string[]; images: string[] },
    product: NewProduct,
    now: Date,
    idempotency?: { key: string; requestHash: string },
  ): Promise<void> {
    const id = ids.product;
    await this.client.query(
      `INSERT INTO products (id, name, description, category_id, version, create_time, update_time,
                             min_price_minor, currency)
       VALUES ($1, $2, $3, $4, 1, $5, $5, $6, $7)`,
      [
        id,
        product.name,
        product.description,
        product.categoryId,
        now,
        lowestPriceMinor(product.skus).toString(),
        product.skus[0]!.price.currency,
      ],
    );
    for (const [i, sku] of product.skus.entries()) {
      await this.client.query(
        `INSERT INTO skus (id, product_id, position, code, name, price_minor, currency, attributes,
                           weight_grams, length_mm, width_mm, height_mm)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          ids.skus[i],
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
    await insertImages(this.client, id, product.images ?? [], ids.images);
    if (idempotency) {
      await this.client.query(
        "INSERT INTO create_product_requests (idempotency_key, request_hash, product_id, create_time) VALUES ($1, $2, $3, $4)",
        [idempotency.key, idempotency.requestHash, id, now],
      );
    }
  }

  /** Writes the product's new state and returns its new version. */
  async update(product: Product, now: Date, options: { replaceImages?: boolean } = {}): Promise<bigint> {
    const { rows } = await this.client.query<{ version: string }>(
      `UPDATE products SET name = $2, description = $3, category_id = $4, version = version + 1, update_time = $5,
                           min_price_minor = $6, currency = $7
       WHERE id = $1 RETURNING version`,
      [
        product.id,
        product.name,
        product.description,
        product.category.id,
        now,
        lowestPriceMinor(product.skus).toString(),
        product.skus[0]!.price.currency,
      ],
    );
    for (const sku of product.skus) {
      await this.client.query(
        `UPDATE skus SET price_minor = $2, currency = $3, weight_grams = $4, length_mm = $5, width_mm = $6,
                         height_mm = $7 WHERE id = $1`,
        [sku.id, sku.price.amountMinor.toString(), sku.price.currency, ...parcelColumns(sku)],
      );
    }
    if (options.replaceImages) {
      await this.client.query("DELETE FROM product_images WHERE product_id = $1", [product.id]);
      await insertImages(
        this.client,
        product.id,
        product.images,
        product.images.map((i) => i.id),
      );
    }
    return BigInt(rows[0]!.version);
  }

  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  async recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void> {
    await recordEvent(this.client, CATALOG_EVENT_SOURCE, event);
  }
}

async function findByIds(db: Queryable, ids: readonly string[], load: ProductLoad, forUpdate = false) {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ProductRow>(
    `${selectProducts(load)} WHERE p.id = ANY($1)${forUpdate ? " FOR UPDATE OF p" : ""}`,
    [ids],
  );
  return rows.map(toProduct);
}

async function insertImages(db: Queryable, productId: string, images: readonly NewImage[], ids: readonly string[]) {
  for (const [position, image] of images.entries()) {
    await db.query("INSERT INTO product_images (id, product_id, position, key, alt_text) VALUES ($1, $2, $3, $4, $5)", [
      ids[position],
      productId,
      position,
      image.key,
      image.altText,
    ]);
  }
}

/** weight_grams, length_mm, width_mm, height_mm: NULL where the catalog does not know them. */
function parcelColumns(sku: Parcel): Array<number | null> {
  const d = sku.dimensions;
  return [sku.weightGrams ?? null, d?.lengthMm ?? null, d?.widthMm ?? null, d?.heightMm ?? null];
}

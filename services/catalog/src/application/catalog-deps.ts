import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord, PagePosition } from "@emporium/platform";
import type { Category, NewProduct, Product } from "../domain/product";
import type { ProductFacets, ProductFilter, ProductSortOrder } from "../domain/product-listing";

/**
 * What the use cases need. The repositories are ports: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface CatalogDeps {
  products: ProductRepository;
  /** Where product pictures are served from (config); adapters build each size's URL from it. */
  imageBaseUrl: string;
  clock: () => Date;
  newId: () => string;
}

/**
 * What a read loads beside a product's own columns. A caller whose read mask leaves out SKUs or
 * images gets products with those lists empty, and no query reads them.
 */
export interface ProductLoad {
  skus: boolean;
  images: boolean;
}

export const LOAD_EVERYTHING: ProductLoad = Object.freeze({ skus: true, images: true });

export interface ProductPageQuery {
  limit: number;
  filter: ProductFilter;
  sort: ProductSortOrder;
  /**
   * Keyset position: after this (sort key, id). The key is the name, the rank, the lowest price in
   * minor units, or the creation time in microseconds since the epoch, as the sort says.
   */
  after?: PagePosition;
}

/** Products and categories as stored; reads outside a transaction. */
export interface ProductRepository {
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T>;
  findByIds(ids: readonly string[], load?: ProductLoad): Promise<Product[]>;
  /** The products that have any of these SKUs. */
  findBySkuIds(skuIds: readonly string[]): Promise<Product[]>;
  listCategories(): Promise<Category[]>;
  /** One page plus one extra row to know whether another page follows. */
  page(q: ProductPageQuery, load?: ProductLoad): Promise<Array<{ product: Product; key: string | number }>>;
  /** Counts over every product the filter lets through, each facet ignoring its own filter. One query. */
  facets(filter: ProductFilter): Promise<ProductFacets>;
}

/** The writes of one command, inside one transaction. */
export interface ProductTransaction {
  /** Reads the products (everything) and locks them until the transaction ends. */
  findByIds(ids: readonly string[]): Promise<Product[]>;
  categoryExists(id: string): Promise<boolean>;
  takenSkuCodes(codes: string[]): Promise<string[]>;
  /** The first request made with this key; concurrent retries of one key wait for each other. */
  findIdempotentRequest(key: string): Promise<{ requestHash: string; productId: string } | undefined>;
  insert(
    ids: { product: string; skus: string[]; images: string[] },
    product: NewProduct,
    now: Date,
    idempotency?: { key: string; requestHash: string },
  ): Promise<void>;
  /** Writes the product's new state (its pictures too when `replaceImages`) and returns its new version. */
  update(product: Product, now: Date, options?: { replaceImages?: boolean }): Promise<bigint>;
  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
}

/** A SKU's stock as inventory last told it, at the SKU's version in inventory's events. */
export interface SkuStockState {
  skuId: string;
  productId: string;
  inStock: boolean;
  version: bigint;
}

/** The catalog's projection of inventory's stock events; written in the consumer's inbox transaction. */
export interface SkuStockProjection {
  /** Keeps `state` unless a state of the same or a newer version is already known; true if kept. */
  record(state: SkuStockState, now: Date): Promise<boolean>;
}

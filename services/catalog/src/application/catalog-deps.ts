import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord } from "@emporium/platform";
import type { Category, NewProduct, Product } from "../domain/product";

/**
 * What the use cases need. The repositories are ports: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface CatalogDeps {
  products: ProductRepository;
  clock: () => Date;
  newId: () => string;
}

export interface ProductPageQuery {
  limit: number;
  categoryId?: string;
  text?: string;
  /** Keyset position: after this (sort key, id). The sort key is the name, or the rank when searching. */
  after?: { key: string | number; id: string };
}

/** Products and categories as stored; reads outside a transaction. */
export interface ProductRepository {
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (tx: ProductTransaction) => Promise<T>): Promise<T>;
  findByIds(ids: readonly string[]): Promise<Product[]>;
  /** The products that have any of these SKUs. */
  findBySkuIds(skuIds: readonly string[]): Promise<Product[]>;
  listCategories(): Promise<Category[]>;
  /** One page plus one extra row to know whether another page follows. */
  page(q: ProductPageQuery): Promise<Array<{ product: Product; key: string | number }>>;
}

/** The writes of one command, inside one transaction. */
export interface ProductTransaction {
  /** Reads the products and locks them until the transaction ends. */
  findByIds(ids: readonly string[]): Promise<Product[]>;
  categoryExists(id: string): Promise<boolean>;
  takenSkuCodes(codes: string[]): Promise<string[]>;
  /** The first request made with this key; concurrent retries of one key wait for each other. */
  findIdempotentRequest(key: string): Promise<{ requestHash: string; productId: string } | undefined>;
  insert(
    id: string,
    product: NewProduct,
    skuIds: string[],
    now: Date,
    idempotency?: { key: string; requestHash: string },
  ): Promise<void>;
  /** Writes the product's new state and returns its new version. */
  update(product: Product, now: Date): Promise<bigint>;
  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
}

import type { Money } from "@emporium/platform";
import type { Cart } from "../domain/cart";

/** What the cart use cases need; declared here, implemented in db/ and clients/, wired in app.ts. */
export interface CartsDeps {
  carts: CartRepository;
  catalogPrices: CatalogPrices;
  clock: () => Date;
  newId: () => string;
}

export interface SkuPrice {
  skuId: string;
  productId: string;
  name: string;
  unitPrice: Money;
}

/** Catalog's current prices: one batched call for any number of SKUs; unknown SKUs absent. */
export interface CatalogPrices {
  pricesOf(skuIds: readonly string[]): Promise<Map<string, SkuPrice>>;
}

/** Carts as stored. A guest cart is found by its token's SHA-256, and only while it is active. */
/** What a read may leave out: without `withLines` (default true) the lines are not read (empty). */
export interface CartReadOptions {
  withLines?: boolean;
}

export interface CartRepository {
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (tx: CartTransaction) => Promise<T>): Promise<T>;
  findCustomerCart(customerId: string, options?: CartReadOptions): Promise<Cart | undefined>;
  /** The guest cart changed at or after `activeSince`; undefined when unknown, merged or expired. */
  findGuestCart(tokenHash: Buffer, activeSince: Date, options?: CartReadOptions): Promise<Cart | undefined>;
}

/** The writes of one command, inside one transaction; the carts it returns are locked until it ends. */
export interface CartTransaction {
  /** The customer's cart, created empty (version 0) on first use; locked. */
  customerCart(customerId: string, newId: string, now: Date): Promise<Cart>;
  /** Like findGuestCart, and locked. */
  lockGuestCart(tokenHash: Buffer, activeSince: Date): Promise<Cart | undefined>;
  createGuestCart(id: string, tokenHash: Buffer, now: Date): Promise<Cart>;
  /** Writes the cart's lines, currency and version (the caller holds its lock). */
  save(cart: Cart, now: Date): Promise<void>;
  delete(cartId: string): Promise<void>;
  /** Deletes up to `limit` guest carts unchanged since before `before`; how many it deleted. */
  purgeExpiredGuestCarts(before: Date, limit: number): Promise<number>;
}

import type { ProductRepository } from "../db/product-repository";

/** What the use cases need; a clock and an id source so tests can fix time and ids. */
export interface CatalogDeps {
  products: ProductRepository;
  clock: () => Date;
  newId: () => string;
}

import type { Shipping } from "../domain/shipping";

/**
 * What the use cases need. The repository is a port: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface ShippingDeps {
  shippings: ShippingRepository;
  clock: () => Date;
  newId: () => string;
}

/** Where a page ends: the last row's create time and id. */
export interface ShippingPosition {
  time: Date;
  id: string;
}

/** Shippings as stored; every read is scoped to an owner, so nobody reaches another's. */
export interface ShippingRepository {
  insert(shipping: Shipping): Promise<Shipping>;
  /** Undefined when there is none with this id, or it is another owner's. */
  findOwn(ownerId: string, id: string): Promise<Shipping | undefined>;
  /** Newest first, after `after`; `limit + 1` rows at most, to tell whether more follow. */
  pageOwn(ownerId: string, limit: number, after?: ShippingPosition): Promise<Shipping[]>;
}

import type { Order } from "../domain/order";

/**
 * What the use cases need. The repository is a port: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface OrdersDeps {
  orders: OrderRepository;
  clock: () => Date;
  newId: () => string;
}

/** Where a page ends: the last row's create time and id. */
export interface OrderPosition {
  time: Date;
  id: string;
}

/** Orders as stored; every read is scoped to an owner, so nobody reaches another's. */
export interface OrderRepository {
  insert(order: Order): Promise<Order>;
  /** Undefined when there is none with this id, or it is another owner's. */
  findOwn(ownerId: string, id: string): Promise<Order | undefined>;
  /** Newest first, after `after`; `limit + 1` rows at most, to tell whether more follow. */
  pageOwn(ownerId: string, limit: number, after?: OrderPosition): Promise<Order[]>;
}

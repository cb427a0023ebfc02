import type { Payment } from "../domain/payment";

/**
 * What the use cases need. The repository is a port: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface PaymentsDeps {
  payments: PaymentRepository;
  clock: () => Date;
  newId: () => string;
}

/** Where a page ends: the last row's create time and id. */
export interface PaymentPosition {
  time: Date;
  id: string;
}

/** Payments as stored; every read is scoped to an owner, so nobody reaches another's. */
export interface PaymentRepository {
  insert(payment: Payment): Promise<Payment>;
  /** Undefined when there is none with this id, or it is another owner's. */
  findOwn(ownerId: string, id: string): Promise<Payment | undefined>;
  /** Newest first, after `after`; `limit + 1` rows at most, to tell whether more follow. */
  pageOwn(ownerId: string, limit: number, after?: PaymentPosition): Promise<Payment[]>;
}

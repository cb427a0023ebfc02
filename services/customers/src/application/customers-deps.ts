import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord } from "@emporium/platform";
import type { AddressInput, Customer } from "../domain/customer";

/**
 * What the use cases need. The repository is a port: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface CustomersDeps {
  customers: CustomerRepository;
  clock: () => Date;
  newId: () => string;
}

/** Profiles and their addresses as stored; each write outside `transaction` is one statement. */
export interface CustomerRepository {
  /**
   * One query for any number of customers (the subgraph's batched reference resolver). Without
   * `withAddresses` (default true) the addresses table is not read and `addresses` is empty.
   */
  byIds(ids: readonly string[], options?: { withAddresses?: boolean }): Promise<Customer[]>;
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (tx: CustomerTransaction) => Promise<T>): Promise<T>;
  setDisplayName(id: string, displayName: string): Promise<void>;
  addAddress(customerId: string, id: string, a: AddressInput, now: Date): Promise<void>;
  /** Scoped to the owner: another customer's address id matches nothing (false). */
  updateAddress(customerId: string, id: string, a: AddressInput): Promise<boolean>;
  /** Scoped to the owner: another customer's address id matches nothing (false). */
  removeAddress(customerId: string, id: string): Promise<boolean>;
}

/** The writes of one command, inside one transaction. */
export interface CustomerTransaction {
  /** Creates the profile unless it exists; a concurrent first use waits for the other's row and gets undefined. */
  insertIfAbsent(
    id: string,
    defaults: { displayName: string; email: string },
    now: Date,
  ): Promise<{ id: string; displayName: string; email: string } | undefined>;
  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
}

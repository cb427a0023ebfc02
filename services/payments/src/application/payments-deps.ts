import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord } from "@emporium/platform";
import type { Payment, Refund, VoidedOrder } from "../domain/payment";
import type { PaymentProvider } from "./payment-provider";

/**
 * What the use cases need. The repository and the provider are ports: declared here, implemented
 * in db/ and clients/, wired in by the composition root (app.ts). A clock and an id source so
 * tests can fix time and ids.
 */
export interface PaymentsDeps {
  payments: PaymentRepository;
  provider: PaymentProvider;
  clock: () => Date;
  newId: () => string;
}

/** A request remembered under its idempotency key, by a fingerprint of what it asked. */
export interface Remembered<T> {
  value: T;
  requestHash: string;
}

/** Payments as stored; reads outside a transaction. */
export interface PaymentRepository {
  /** Runs `work` in one transaction: all of its writes and events commit together, or none does. */
  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T>;
  byId(id: string): Promise<Payment | undefined>;
  /** Every payment of these orders, oldest first: one query for any number of orders. */
  byOrders(orderIds: readonly string[]): Promise<Payment[]>;
}

/** The reads and writes of one change of a payment, inside one transaction. */
export interface PaymentTransaction {
  /** The payment authorised with this key; concurrent calls with one key wait for each other. */
  authorizationByKey(key: string): Promise<Remembered<Payment> | undefined>;
  insert(payment: Payment, idempotency: { key: string; requestHash: string }): Promise<void>;
  /**
   * Locks the order until the transaction ends: the saga's steps for one order (authorise, void, capture,
   * refund) happen one after the other, so a void and an authorisation never both find the order empty.
   */
  lockOrder(orderId: string): Promise<void>;
  /** Every payment of the order, oldest first. */
  paymentsOfOrder(orderId: string): Promise<Payment[]>;
  /** The tombstone a void left on an order that had no payment yet, if any. */
  voidedOrder(orderId: string): Promise<VoidedOrder | undefined>;
  insertVoidedOrder(tombstone: VoidedOrder): Promise<void>;
  /** Locks the payment until the transaction ends: changes of one payment happen one after the other. */
  lock(id: string): Promise<Payment | undefined>;
  update(payment: Payment): Promise<void>;
  /**
   * Records the payment's capture. The database allows one capture per order: a second one is
   * refused with FAILED_PRECONDITION whatever raced it.
   */
  insertCapture(payment: Payment): Promise<void>;
  refundByKey(paymentId: string, key: string): Promise<Remembered<Refund> | undefined>;
  insertRefund(refund: Refund, idempotency: { key: string; requestHash: string }): Promise<void>;
  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
}

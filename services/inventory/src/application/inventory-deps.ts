import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord } from "@emporium/platform";
import type { Reservation, ReservationStatus, SkuAvailability } from "../domain/stock";

/**
 * What the use cases need. The repository is a port: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface InventoryDeps {
  inventory: InventoryRepository;
  clock: () => Date;
  newId: () => string;
}

/** Stock and reservations as stored; reads outside a transaction. */
export interface InventoryRepository {
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T>;
  /** One query for any number of SKUs. */
  bySkus(skuIds: readonly string[]): Promise<SkuAvailability[]>;
  /** One query for any number of products (the subgraph's batched reference resolver). */
  byProducts(productIds: readonly string[]): Promise<SkuAvailability[]>;
  reservation(id: string): Promise<Reservation | undefined>;
}

/** The reads and writes of one change of stock, inside one transaction. */
export interface InventoryTransaction {
  /**
   * Locks these SKUs, always in the same order (no deadlocks between writers), and returns the
   * known ones. Every change of stock takes this lock first, so changes of one SKU happen one after
   * the other and a zero crossing is seen exactly once.
   */
  lockSkus(skuIds: readonly string[]): Promise<string[]>;
  /** Locks these SKUs and their stock rows, in the same order everywhere; returns their stock. */
  lockStock(skuIds: readonly string[]): Promise<SkuAvailability[]>;
  /** Stock as this transaction sees it (after its own changes). */
  stockOf(skuIds: readonly string[]): Promise<SkuAvailability[]>;
  /** Moves the SKU's version on by `steps` and returns the new version. */
  advanceVersion(skuId: string, steps: number): Promise<bigint>;
  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
  /** The reservation made with this key; concurrent retries of one key wait for each other. */
  reservationByKey(key: string): Promise<Reservation | undefined>;
  lockReservation(id: string): Promise<Reservation | undefined>;
  insertReservation(r: Reservation, idempotencyKey: string | undefined): Promise<void>;
  /** Ends an active reservation: its stock is either given back or shipped (on hand goes down). */
  finish(r: Reservation, status: Exclude<ReservationStatus, "ACTIVE">): Promise<void>;
  /** Active reservations past their expiry, locked; rows another sweeper holds are skipped. */
  dueReservations(now: Date, limit: number): Promise<Reservation[]>;
  /** Tells inventory which product a SKU belongs to; the first registration wins. */
  registerSku(skuId: string, productId: string): Promise<void>;
  /** Adds (or removes) stock in a warehouse; false when that would leave less than is reserved there. */
  adjust(skuId: string, warehouseId: string, delta: bigint): Promise<boolean>;

  // The checkout saga's commands (saga-commands.ts).
  /**
   * Serialises the commands of one order until the transaction ends: a step and its repeat, or a
   * release racing the reservation it compensates, happen one after the other. Taken before any
   * reservation or SKU lock.
   */
  lockOrder(orderId: string): Promise<void>;
  /** The order's reservation (made by a ReserveStockCommand), locked. */
  orderReservation(orderId: string): Promise<Reservation | undefined>;
  /** Puts a committed reservation's quantities back on hand, each in the warehouse it left, and marks it returned. */
  returnStock(r: Reservation, at: Date): Promise<void>;
  hasTombstone(orderId: string): Promise<boolean>;
  /** Remembers that the order was released before it held anything; idempotent. */
  leaveTombstone(orderId: string, correlationId: string, at: Date): Promise<void>;
  /** The reply that decided this saga step (correlation id), if it was decided. */
  stepOutcome(correlationId: string): Promise<LoggedReply | undefined>;
  /** Logs a reply to an order's command and returns its version (the order's replies count up from 1). */
  logReply(reply: LoggedReply & { kind: ReplyKind; at: Date }): Promise<bigint>;
}

/** outcome: decided the step; repeat: the outcome again, for a repeat of the step; expired: refused unread. */
export type ReplyKind = "outcome" | "repeat" | "expired";

export interface LoggedReply {
  orderId: string;
  correlationId: string;
  commandType: string;
  replyType: string;
  payload: Uint8Array;
}

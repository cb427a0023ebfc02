import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord, Principal } from "@emporium/platform";
import type { CheckoutSettings } from "../domain/checkout";
import type { Cart } from "../domain/cart";
import type { AwaitedStep, Order, OrderStatus, ShippingAddress } from "../domain/order";
import type { OrderEvent, VersionedOrderEvent } from "../domain/order-events";
import type { ShippingQuote } from "../domain/shipping-quote";
import type { CartRepository, CatalogPrices, SkuPrice } from "./carts-deps";

/**
 * What the use cases need. The ports are declared here, implemented in db/ (and clients/), wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface OrdersDeps {
  /** The event-sourced write side: order streams, their snapshots, the outbox. */
  orders: OrderStore;
  /** The read side: what queries read, kept by the projection. */
  views: OrderViews;
  projection: OrderProjection;
  /** The customer's cart as it is now (placeOrder reads it before it locks it in its transaction). */
  carts: Pick<CartRepository, "findCustomerCart">;
  /** The catalog's current prices (the carts' adapter). */
  catalogPrices: CatalogPrices;
  addresses: CustomerAddresses;
  /** The shipping service's quotes: an order's shipping is priced by one. */
  shippingQuotes: ShippingQuotes;
  /** The checkout saga's step timeout and reservation margin. */
  checkout: CheckoutSettings;
  /** How long a command waits for the projection to show its write before it answers anyway. */
  readYourWritesTimeoutMs: number;
  clock: () => Date;
  newId: () => string;
  /** Where the saga's named steps are marked for fault injection (`fault.crash-at-step`); none in unit tests. */
  steps?: SagaCheckpoints;
}

/** Called as the saga is about to send a step's command, inside the decision's transaction. */
export interface SagaCheckpoints {
  atStep(step: string): Promise<void>;
}

/**
 * A place in the event store's global order: the writing transaction's id, then the event's
 * sequence number. Positions are only handed to readers once no transaction below them is still
 * running, so a reader never passes an event that commits later (docs/adr/0016).
 */
export interface StorePosition {
  transactionId: bigint;
  seq: bigint;
}

/** Why a command happened, stored with each event it appends. */
export interface EventMetadata {
  /** The request (or message) that caused the events. */
  causationId: string;
  /** The conversation they belong to: the first request's id, carried along by the saga. */
  correlationId: string;
  /** W3C trace context of the request. */
  traceparent?: string;
}

/** An order's state and its stream's version (0 and no order for a stream that does not exist). */
export interface LoadedOrder {
  order: Order | undefined;
  version: number;
}

/** The write side: one stream of events per order. */
export interface OrderStore {
  /** Runs `work` in one transaction: its appends, outbox rows and other writes commit together. */
  transaction<T>(work: (tx: OrderTransaction) => Promise<T>): Promise<T>;
  /** The latest snapshot plus the events after it. */
  load(orderId: string): Promise<LoadedOrder>;
  /** Every event of the stream from version 1, snapshots ignored. */
  history(orderId: string): Promise<VersionedOrderEvent[]>;
}

/** The customers service's addresses, read as the caller (addresses are private to their owner). */
export interface CustomerAddresses {
  /** The caller's own address with this id; undefined when they have none with it. */
  addressOf(caller: Principal, addressId: string): Promise<ShippingAddress | undefined>;
}

/** The shipping service's stored quotes, read as the orders service (with whoever asked for each). */
export interface ShippingQuotes {
  /** The quote with this id, expired or not; undefined when shipping has none with it. */
  quoteById(quoteId: string): Promise<ShippingQuote | undefined>;
}

/** How an order was asked for: found again by the customer's idempotency key. */
export interface Placement {
  customerId: string;
  idempotencyKey: string;
  orderId: string;
  /** A digest of the request: the same key with another request is refused. */
  requestFingerprint: string;
  /** Kept for the payment step of the saga; never published. */
  paymentMethodToken: string;
  shippingQuoteId: string;
  createTime: Date;
}

/** The writes of one command. */
export interface OrderTransaction {
  load(orderId: string): Promise<LoadedOrder>;
  /** The customer's cart, locked until the transaction ends (placements of one customer queue here). */
  lockCart(customerId: string): Promise<Cart | undefined>;
  /** Stores the catalog's current names and prices on the cart's lines; bumps its version. */
  repriceCart(cartId: string, prices: ReadonlyMap<string, SkuPrice>, now: Date): Promise<Cart>;
  /** Deletes the cart's lines (they became an order); bumps its version. */
  emptyCart(cartId: string, now: Date): Promise<void>;
  placementByKey(customerId: string, idempotencyKey: string): Promise<Placement | undefined>;
  /** How the order was asked for: the payment token and the quote its commands need. */
  placementOf(orderId: string): Promise<Placement | undefined>;
  recordPlacement(placement: Placement): Promise<void>;
  /** Adds a command to the outbox (the relay sends it to emporium.commands), with this transaction's events. */
  recordCommand(command: EventToRecord<DescMessage>): Promise<void>;
  /** The order's step deadline from now on: the awaited step's, or none. */
  setDeadline(orderId: string, awaiting: AwaitedStep | undefined): Promise<void>;
  /**
   * One step deadline due at `now`, locked until the transaction ends; deadlines another
   * transaction holds are skipped (several instances share the work).
   */
  claimDueDeadline(now: Date): Promise<{ orderId: string; correlationId: string } | undefined>;
  /**
   * Appends events after `expectedVersion` (each at the next version) and records each in the
   * outbox. Another append at one of those versions first is an ABORTED AppError (a
   * `VersionConflict`): reload and decide again. Returns the position of the last event.
   */
  append(
    orderId: string,
    expectedVersion: number,
    events: readonly OrderEvent[],
    metadata: EventMetadata,
  ): Promise<StorePosition>;
}

/** Where a page of orders ends: the last one's create time and id. */
export interface OrderPagePosition {
  time: Date;
  id: string;
}

/** What a read may leave out: without `withLines` (default true) an order's lines are not read (empty). */
export interface OrderViewOptions {
  withLines?: boolean;
}

/** The read models. Queries read only these. */
export interface OrderViews {
  byId(orderId: string, options?: OrderViewOptions): Promise<Order | undefined>;
  /** One query for any number of ids; unknown ids are absent. */
  byIds(orderIds: readonly string[]): Promise<Order[]>;
  /** Newest first, after `after`; `limit + 1` rows at most, to tell whether more follow. */
  pageOfCustomer(
    customerId: string,
    limit: number,
    after?: OrderPagePosition,
    options?: OrderViewOptions,
  ): Promise<Order[]>;
  pageByStatus(status: OrderStatus, limit: number, after?: OrderPagePosition): Promise<Order[]>;
}

/** The projection that keeps the read models from the event store. */
export interface OrderProjection {
  /**
   * Applies the next events past the checkpoint, in position order, with the checkpoint in the
   * same transaction (each event applied once). Returns how many it applied; 0 when another
   * instance holds the checkpoint right now.
   */
  catchUp(batchSize: number): Promise<number>;
  /** Whether every event up to `position` is in the read models. */
  reached(position: StorePosition): Promise<boolean>;
  /** Builds the read models aside from a full replay and swaps them in atomically. */
  rebuild(batchSize: number): Promise<{ events: number }>;
}

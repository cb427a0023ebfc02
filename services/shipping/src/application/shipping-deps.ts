import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord } from "@emporium/platform";
import type { CancelledOrder, Shipment } from "../domain/shipment";
import type { PackedSku, ShippingQuote } from "../domain/shipping-quote";

/**
 * What the use cases need. The repository and the catalog are ports: declared here, implemented in
 * db/ and clients/, wired in by the composition root (app.ts). A clock and an id source so tests can
 * fix time and ids, and the simulated carrier's pace.
 */
export interface ShippingDeps {
  shipping: ShippingRepository;
  skuParcels: SkuParcels;
  clock: () => Date;
  newId: () => string;
  /** How long the simulated carrier keeps a shipment in each status before the next. */
  carrierStepMs: number;
}

/** Catalog's SKU data: one batched call for any number of SKUs; unknown SKUs are absent. */
export interface SkuParcels {
  parcelsOf(skuIds: readonly string[]): Promise<Map<string, PackedSku>>;
}

/** Quotes and shipments as stored; reads outside a transaction. */
export interface ShippingRepository {
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (tx: ShippingTransaction) => Promise<T>): Promise<T>;
  insertQuote(quote: ShippingQuote): Promise<void>;
  /** The stored quote, expired or not; undefined when there is none with the id. */
  quoteById(id: string): Promise<ShippingQuote | undefined>;
  /** Every shipment of these orders, newest first per order; one query for any number. */
  shipmentsOfOrders(orderIds: readonly string[]): Promise<Shipment[]>;
}

/** The reads and writes of one change, inside one transaction. */
export interface ShippingTransaction {
  /** The quote, locked: shipments made from one quote happen one after the other. */
  lockQuote(id: string): Promise<ShippingQuote | undefined>;
  /** Serialises the shipments of one order (one under way at a time). */
  lockOrder(orderId: string): Promise<void>;
  /** The shipment made with this key, and the hash of its request; retries of one key wait for each other. */
  shipmentByKey(key: string): Promise<{ shipment: Shipment; requestHash: string } | undefined>;
  shipmentOfQuote(quoteId: string): Promise<Shipment | undefined>;
  /** Every shipment of the order, newest first. */
  shipmentsOfOrder(orderId: string): Promise<Shipment[]>;
  /** The tombstone a cancellation left on an order that had no shipment yet, if any. */
  cancelledOrder(orderId: string): Promise<CancelledOrder | undefined>;
  insertCancelledOrder(tombstone: CancelledOrder): Promise<void>;
  insertShipment(shipment: Shipment, idempotency: { key: string; requestHash: string }): Promise<void>;
  lockShipment(id: string): Promise<Shipment | undefined>;
  /** Writes status, failure reason, version, update and next step times. */
  updateShipment(shipment: Shipment): Promise<void>;
  /** Shipments due for their next carrier step, locked; rows another carrier holds are skipped. */
  dueShipments(now: Date, limit: number): Promise<Shipment[]>;
  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
}

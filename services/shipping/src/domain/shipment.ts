import type { Money } from "@emporium/platform";
import type { ServiceLevel } from "./shipping-quote";

export type ShipmentStatus = "LABEL_CREATED" | "IN_TRANSIT" | "DELIVERED" | "CANCELLED" | "FAILED";

export interface Address {
  recipientName: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  countryCode: string;
}

export interface Shipment {
  id: string;
  orderId: string;
  /** The order's customer (Keycloak subject): they and admins may see the shipment. */
  customerId: string;
  quoteId: string;
  address: Address;
  serviceLevel: ServiceLevel;
  weightGrams: number;
  price: Money;
  status: ShipmentStatus;
  /** Why the carrier refused it (FAILED); empty otherwise. */
  failureReason: string;
  /** Given at creation; carried by every event of the shipment. */
  correlationId: string;
  version: bigint;
  createTime: Date;
  updateTime: Date;
  /** When the simulated carrier moves it to its next status; undefined once it has none. */
  nextStepTime?: Date;
}

/** The documented test input: the carrier refuses to ship to this postal code. */
export const UNDELIVERABLE_POSTAL_CODE = "00000";

/** Why the carrier refuses an address, or undefined when it takes it. */
export function carrierRefusal(address: Pick<Address, "postalCode">): string | undefined {
  return address.postalCode === UNDELIVERABLE_POSTAL_CODE
    ? `the carrier does not deliver to postal code ${UNDELIVERABLE_POSTAL_CODE}`
    : undefined;
}

/** The carrier's route: label created, then in transit, then delivered. */
const NEXT: Partial<Record<ShipmentStatus, ShipmentStatus>> = {
  LABEL_CREATED: "IN_TRANSIT",
  IN_TRANSIT: "DELIVERED",
};

export const nextStatus = (status: ShipmentStatus): ShipmentStatus | undefined => NEXT[status];

/**
 * The shipment one carrier step on, or undefined when it has nowhere to go. The step after is due
 * `stepMs` after this one was due (not after now), so the pace does not depend on when the carrier looks.
 */
export function carrierStep(shipment: Shipment, stepMs: number, now: Date): Shipment | undefined {
  const status = nextStatus(shipment.status);
  if (!status || !shipment.nextStepTime) return undefined;
  return {
    ...shipment,
    status,
    version: shipment.version + 1n,
    updateTime: now,
    nextStepTime: nextStatus(status) ? new Date(shipment.nextStepTime.getTime() + stepMs) : undefined,
  };
}

/** Only a shipment the carrier has not picked up can be cancelled. */
export const cancellable = (status: ShipmentStatus) => status === "LABEL_CREATED";

/** An order has at most one shipment under way; failed and cancelled ones do not count. */
export const underWay = (status: ShipmentStatus) => status !== "FAILED" && status !== "CANCELLED";

/**
 * The shipment of an order that the checkout saga's commands act on: the one under way if there is
 * one (an order has at most one), else the latest. Undefined for an order without shipments.
 */
export function shipmentOfOrder(shipments: readonly Shipment[]): Shipment | undefined {
  const latestFirst = [...shipments].sort((a, b) => b.createTime.getTime() - a.createTime.getTime());
  return latestFirst.find((s) => underWay(s.status)) ?? latestFirst[0];
}

/**
 * An order whose shipment was cancelled before it had one: a compensation that overtook its
 * CreateShipmentCommand. The order can no longer be shipped.
 */
export interface CancelledOrder {
  orderId: string;
  correlationId: string;
  reason: string;
  createTime: Date;
}

/** The order's customer and admins see its shipment; nobody else. */
export const canSeeShipment = (
  shipment: Pick<Shipment, "customerId">,
  who: { subject: string; roles: readonly string[] },
) => who.roles.includes("admin") || who.subject === shipment.customerId;

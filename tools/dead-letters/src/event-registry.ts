import { createRegistry, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { file_emporium_catalog_v1_events } from "@emporium/contracts/emporium/catalog/v1/events_pb";
import { file_emporium_customers_v1_events } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { file_emporium_inventory_v1_events } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { file_emporium_notifications_v1_events } from "@emporium/contracts/emporium/notifications/v1/events_pb";
import { file_emporium_orders_v1_events } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { file_emporium_payments_v1_events } from "@emporium/contracts/emporium/payments/v1/events_pb";
import { file_emporium_reviews_v1_events } from "@emporium/contracts/emporium/reviews/v1/events_pb";
import { file_emporium_shipping_v1_events } from "@emporium/contracts/emporium/shipping/v1/events_pb";
import type { SERVICES } from "@emporium/registry";

/** The services the registry says publish events. */
type Publisher = Extract<(typeof SERVICES)[number], { publishesEvents: true }>["name"];

/**
 * Every publisher's event contract, so a dead letter's payload can be shown as JSON by its type
 * name. Keyed by the registry: a new publisher there fails to typecheck until its file is added.
 */
const EVENT_CONTRACTS: Record<Publisher, DescFile> = {
  catalog: file_emporium_catalog_v1_events,
  customers: file_emporium_customers_v1_events,
  inventory: file_emporium_inventory_v1_events,
  notifications: file_emporium_notifications_v1_events,
  orders: file_emporium_orders_v1_events,
  payments: file_emporium_payments_v1_events,
  reviews: file_emporium_reviews_v1_events,
  shipping: file_emporium_shipping_v1_events,
};

const registry = createRegistry(...Object.values(EVENT_CONTRACTS));

export function eventSchema(typeName: string): DescMessage | undefined {
  return registry.getMessage(typeName);
}

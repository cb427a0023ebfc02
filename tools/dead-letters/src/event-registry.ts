import { createRegistry, type DescMessage } from "@bufbuild/protobuf";
import { file_emporium_catalog_v1_events } from "@emporium/contracts/emporium/catalog/v1/events_pb";
import { file_emporium_customers_v1_events } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { file_emporium_inventory_v1_events } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { file_emporium_reviews_v1_events } from "@emporium/contracts/emporium/reviews/v1/events_pb";

/** Every event contract, so a dead letter's payload can be shown as JSON by its type name. */
const registry = createRegistry(
  file_emporium_catalog_v1_events,
  file_emporium_customers_v1_events,
  file_emporium_inventory_v1_events,
  file_emporium_reviews_v1_events,
);

export function eventSchema(typeName: string): DescMessage | undefined {
  return registry.getMessage(typeName);
}

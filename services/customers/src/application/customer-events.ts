import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
import type { EventToRecord } from "@emporium/platform";

/** The events' CloudEvents source is `/emporium/customers`. */
export const CUSTOMERS_EVENT_SOURCE = "customers";

/**
 * A profile's first version. Profiles carry no version column yet because no later event exists;
 * whoever adds one (e.g. CustomerRenamed) adds the column starting at 1, which stays consistent.
 */
export const FIRST_CUSTOMER_VERSION = 1n;

export function customerRegistered(customer: {
  id: string;
  displayName: string;
  email: string;
}): EventToRecord<typeof CustomerRegisteredSchema> {
  return {
    schema: CustomerRegisteredSchema,
    aggregateId: customer.id,
    aggregateVersion: FIRST_CUSTOMER_VERSION,
    payload: { customerId: customer.id, displayName: customer.displayName, email: customer.email },
  };
}

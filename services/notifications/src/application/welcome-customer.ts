import type { CustomerRegistered } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { ContactRepository } from "../db/contact-repository";
import type { Sql } from "../db/sql";
import type { Contact } from "../domain/notification";
import { recordNotifications, requireFields, type HandlerDeps, type SourceEvent } from "./record-notifications";

/** CustomerRegistered → remember where to reach them, and a "welcome" to them. */
export async function welcomeCustomer(
  deps: HandlerDeps,
  tx: Sql,
  event: CustomerRegistered,
  source: SourceEvent,
): Promise<number> {
  requireFields(source, { customer_id: event.customerId });
  const contacts = new ContactRepository(tx);
  if (event.email)
    await contacts.upsert(
      { customerId: event.customerId, email: event.email, displayName: event.displayName },
      deps.clock(),
    );
  const contact: Contact | undefined = await contacts.get(event.customerId);
  return recordNotifications(deps, tx, source, [{ customerId: event.customerId, contact }], {
    kind: "welcome",
    displayName: event.displayName,
  });
}

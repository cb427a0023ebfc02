import type { CustomerRegistered } from "@emporium/contracts/emporium/customers/v1/events_pb";
import type { Contact } from "../domain/notification";
import type { NotificationRepositories } from "./notifications-deps";
import { recordNotifications, requireFields, type HandlerDeps, type SourceEvent } from "./record-notifications";

/** CustomerRegistered → remember where to reach them, and a "welcome" to them. */
export async function welcomeCustomer(
  deps: HandlerDeps,
  tx: NotificationRepositories,
  event: CustomerRegistered,
  source: SourceEvent,
): Promise<number> {
  requireFields(source, { customer_id: event.customerId });
  if (event.email)
    await tx.contacts.upsert(
      { customerId: event.customerId, email: event.email, displayName: event.displayName },
      deps.clock(),
    );
  const contact: Contact | undefined = await tx.contacts.get(event.customerId);
  return recordNotifications(deps, tx, source, [{ customerId: event.customerId, contact }], {
    kind: "welcome",
    displayName: event.displayName,
  });
}

import type { Principal } from "@emporium/platform";
import { defaultDisplayName } from "../domain/customer";
import { customerRegistered } from "./customer-events";
import type { CustomersDeps } from "./customers-deps";

/**
 * Creates a person's profile on their first use and records CustomerRegistered with it, in one
 * transaction. Concurrent first calls race on the primary key: the insert of the later ones waits
 * for the first to commit and then inserts nothing, so exactly one of them records the event (and
 * should the first roll back, the next one inserts and records instead).
 */
export async function registerCustomer(deps: CustomersDeps, person: Principal): Promise<void> {
  await deps.customers.transaction(async (tx) => {
    const created = await tx.insertIfAbsent(
      person.subject,
      { displayName: defaultDisplayName(person.name, "Customer"), email: person.email ?? "" },
      deps.clock(),
    );
    if (created) await tx.recordEvent(customerRegistered(created));
  });
}

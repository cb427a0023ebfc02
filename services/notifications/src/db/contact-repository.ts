import type { Contact } from "../domain/notification";
import type { ContactRepository } from "../application/notifications-deps";
import type { Sql } from "./sql";

export class PgContactRepository implements ContactRepository {
  constructor(private readonly sql: Sql) {}

  /** The latest known address wins; an empty display name keeps the one already known. */
  async upsert(contact: Contact, now: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO contacts (customer_id, email, display_name, update_time) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id) DO UPDATE SET email = EXCLUDED.email,
         display_name = COALESCE(NULLIF(EXCLUDED.display_name, ''), contacts.display_name), update_time = EXCLUDED.update_time
       WHERE contacts.email IS DISTINCT FROM EXCLUDED.email OR (EXCLUDED.display_name <> '' AND contacts.display_name IS DISTINCT FROM EXCLUDED.display_name)`,
      [contact.customerId, contact.email, contact.displayName, now],
    );
  }

  async get(customerId: string): Promise<Contact | undefined> {
    const { rows } = await this.sql.query<{ customer_id: string; email: string; display_name: string }>(
      "SELECT * FROM contacts WHERE customer_id = $1",
      [customerId],
    );
    return rows[0] && { customerId: rows[0].customer_id, email: rows[0].email, displayName: rows[0].display_name };
  }
}

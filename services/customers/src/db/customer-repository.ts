import type { DescMessage } from "@bufbuild/protobuf";
import { inTransaction, recordEvent, type EventToRecord, type Pool, type PoolClient } from "@emporium/platform";
import type { Address, AddressInput, Customer } from "../domain/customer";
import type { CustomerRepository, CustomerTransaction } from "../application/customers-deps";
import { CUSTOMERS_EVENT_SOURCE } from "../application/customer-events";

const ADDRESSES = `
  COALESCE((SELECT json_agg(json_build_object('id', a.id, 'recipient', a.recipient, 'line1', a.line1, 'line2', a.line2,
              'postalCode', a.postal_code, 'city', a.city, 'countryCode', a.country_code) ORDER BY a.create_time, a.id)
            FROM addresses a WHERE a.customer_id = c.id), '[]'::json)`;

/** The profile, with its addresses only when asked for: they come from another table. */
const selectCustomers = (withAddresses: boolean) => `
  SELECT c.id, c.display_name, c.email, c.create_time, ${withAddresses ? ADDRESSES : "'[]'::json"} AS addresses
  FROM customers c`;

interface Row {
  id: string;
  display_name: string;
  email: string;
  create_time: Date;
  addresses: Address[];
}

const toCustomer = (r: Row): Customer => ({
  id: r.id,
  displayName: r.display_name,
  email: r.email,
  createTime: r.create_time,
  addresses: r.addresses,
});

/** The customer repository on PostgreSQL. */
export class PgCustomerRepository implements CustomerRepository {
  constructor(private readonly pool: Pool) {}

  /** One query for any number of customers (the subgraph's batched reference resolver). */
  async byIds(ids: readonly string[], { withAddresses = true } = {}): Promise<Customer[]> {
    const sql = `${selectCustomers(withAddresses)} WHERE c.id = ANY($1)`;
    return (await this.pool.query<Row>(sql, [ids])).rows.map(toCustomer);
  }

  transaction<T>(work: (tx: CustomerTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgCustomerTransaction(client)));
  }

  async setDisplayName(id: string, displayName: string): Promise<void> {
    await this.pool.query("UPDATE customers SET display_name = $2 WHERE id = $1", [id, displayName]);
  }

  async addAddress(customerId: string, id: string, a: AddressInput, now: Date): Promise<void> {
    await this.pool.query(
      "INSERT INTO addresses (id, customer_id, recipient, line1, line2, postal_code, city, country_code, create_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      [id, customerId, a.recipient, a.line1, a.line2, a.postalCode, a.city, a.countryCode, now],
    );
  }

  /** Scoped to the owner in SQL: another customer's address id simply matches nothing. */
  async updateAddress(customerId: string, id: string, a: AddressInput): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "UPDATE addresses SET recipient = $3, line1 = $4, line2 = $5, postal_code = $6, city = $7, country_code = $8 WHERE id = $1 AND customer_id = $2",
      [id, customerId, a.recipient, a.line1, a.line2, a.postalCode, a.city, a.countryCode],
    );
    return rowCount === 1;
  }

  async removeAddress(customerId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query("DELETE FROM addresses WHERE id = $1 AND customer_id = $2", [
      id,
      customerId,
    ]);
    return rowCount === 1;
  }
}

/** The writes of one command, inside one PostgreSQL transaction. */
export class PgCustomerTransaction implements CustomerTransaction {
  constructor(private readonly client: PoolClient) {}

  /** Creates the profile unless it exists; a concurrent first use waits for the other's row and gets undefined. */
  async insertIfAbsent(
    id: string,
    defaults: { displayName: string; email: string },
    now: Date,
  ): Promise<{ id: string; displayName: string; email: string } | undefined> {
    const { rows } = await this.client.query<{ id: string; display_name: string; email: string }>(
      "INSERT INTO customers (id, display_name, email, create_time) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id, display_name, email",
      [id, defaults.displayName, defaults.email, now],
    );
    return rows[0] && { id: rows[0].id, displayName: rows[0].display_name, email: rows[0].email };
  }

  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  async recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void> {
    await recordEvent(this.client, CUSTOMERS_EVENT_SOURCE, event);
  }
}

import type { Pool } from "@emporium/platform";
import type { Address, AddressInput, Customer } from "../domain/customer";

const SELECT_CUSTOMERS = `
  SELECT c.id, c.display_name, c.email, c.create_time,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'recipient', a.recipient, 'line1', a.line1, 'line2', a.line2,
                     'postalCode', a.postal_code, 'city', a.city, 'countryCode', a.country_code) ORDER BY a.create_time, a.id)
                   FROM addresses a WHERE a.customer_id = c.id), '[]'::json) AS addresses
  FROM customers c`;

interface Row {
  id: string;
  display_name: string;
  email: string;
  create_time: Date;
  addresses: Address[];
}

const toCustomer = (r: Row): Customer => ({ id: r.id, displayName: r.display_name, email: r.email, createTime: r.create_time, addresses: r.addresses });

export class CustomerRepository {
  constructor(private readonly pool: Pool) {}

  /** One query for any number of customers (the subgraph's batched reference resolver). */
  async byIds(ids: readonly string[]): Promise<Customer[]> {
    return (await this.pool.query<Row>(`${SELECT_CUSTOMERS} WHERE c.id = ANY($1)`, [ids])).rows.map(toCustomer);
  }

  /** Creates the profile on first use; a concurrent first use finds the other's row. */
  async ensure(id: string, defaults: { displayName: string; email: string }, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query("INSERT INTO customers (id, display_name, email, create_time) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING", [id, defaults.displayName, defaults.email, now]);
    return rowCount === 1;
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
    const { rowCount } = await this.pool.query("DELETE FROM addresses WHERE id = $1 AND customer_id = $2", [id, customerId]);
    return rowCount === 1;
  }
}

import type { Pool } from "@emporium/platform";

/** Profiles for the realm's fixed users (infra/keycloak), with addresses; never overwrites. */
const seed = [
  {
    id: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001",
    displayName: "Alice A.",
    email: "alice@example.test",
    address: ["Alice Archer", "Bergstraße 12", "10115", "Berlin", "DE"],
  },
  {
    id: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002",
    displayName: "Bob B.",
    email: "bob@example.test",
    address: ["Bob Baker", "14 Rue des Lilas", "69003", "Lyon", "FR"],
  },
  {
    id: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0003",
    displayName: "Ada A.",
    email: "ada@example.test",
    address: ["Ada Admin", "Rua das Flores 7", "4050-262", "Porto", "PT"],
  },
];

export async function seedCustomers(pool: Pool): Promise<void> {
  const at = new Date("2026-01-01T00:00:00Z");
  for (const [i, c] of seed.entries()) {
    await pool.query(
      "INSERT INTO customers (id, display_name, email, create_time) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
      [c.id, c.displayName, c.email, at],
    );
    const [recipient, line1, postalCode, city, countryCode] = c.address;
    await pool.query(
      "INSERT INTO addresses (id, customer_id, recipient, line1, postal_code, city, country_code, create_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
      [`0192f000-0000-7000-8000-a0000000000${i + 1}`, c.id, recipient, line1, postalCode, city, countryCode, at],
    );
  }
}

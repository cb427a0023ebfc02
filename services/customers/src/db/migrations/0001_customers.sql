-- Customers: one profile per Keycloak user (id = the token's subject), and their postal addresses.
CREATE TABLE customers (
  id           text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
  email        text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL
);

CREATE TABLE addresses (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  recipient    text NOT NULL,
  line1        text NOT NULL,
  line2        text NOT NULL DEFAULT '',
  postal_code  text NOT NULL,
  city         text NOT NULL,
  country_code char(2) NOT NULL,
  create_time  timestamptz NOT NULL
);
CREATE INDEX addresses_customer_idx ON addresses (customer_id, create_time);

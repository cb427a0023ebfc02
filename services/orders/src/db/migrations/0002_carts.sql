-- Carts: one per customer (customer_id, the Keycloak subject) or one per guest, reached by an
-- opaque cart token of which only the SHA-256 is stored. A guest cart unchanged for 30 days is
-- expired: no longer found, and purged (carts_guest_expiry_idx).
CREATE TABLE carts (
  id               text PRIMARY KEY,
  customer_id      text UNIQUE,
  guest_token_hash bytea UNIQUE CHECK (octet_length(guest_token_hash) = 32),
  -- The lines' currency; null while the cart is empty.
  currency         char(3),
  -- Counts changes: 0 when created, +1 per change.
  version          bigint NOT NULL DEFAULT 0 CHECK (version >= 0),
  create_time      timestamptz NOT NULL,
  update_time      timestamptz NOT NULL,
  CHECK ((customer_id IS NULL) <> (guest_token_hash IS NULL))
);
CREATE INDEX carts_guest_expiry_idx ON carts (update_time) WHERE guest_token_hash IS NOT NULL;

-- One line per SKU, with the catalog's product id, name and unit price when the cart last read them.
CREATE TABLE cart_lines (
  cart_id          text NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
  sku_id           text NOT NULL,
  position         int NOT NULL,
  product_id       text NOT NULL,
  name             text NOT NULL,
  quantity         int NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  PRIMARY KEY (cart_id, sku_id)
);

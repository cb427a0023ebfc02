-- Inventory: stock per SKU per warehouse, and reservations holding part of it.
CREATE TABLE sku_products (
  sku_id     text PRIMARY KEY CHECK (length(sku_id) BETWEEN 1 AND 64),
  product_id text NOT NULL
);
CREATE INDEX sku_products_product_idx ON sku_products (product_id);

CREATE TABLE stock (
  sku_id       text NOT NULL REFERENCES sku_products (sku_id),
  warehouse_id text NOT NULL CHECK (length(warehouse_id) BETWEEN 1 AND 64),
  on_hand      bigint NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  -- Held by active reservations. The CHECK is the last line of defence against overselling.
  reserved     bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
  PRIMARY KEY (sku_id, warehouse_id)
);

CREATE TABLE reservations (
  id              text PRIMARY KEY,
  status          text NOT NULL CHECK (status IN ('ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED')),
  reference       text NOT NULL DEFAULT '',
  idempotency_key text UNIQUE,
  create_time     timestamptz NOT NULL,
  expire_time     timestamptz NOT NULL
);
CREATE INDEX reservations_active_expiry_idx ON reservations (expire_time) WHERE status = 'ACTIVE';

CREATE TABLE reservation_lines (
  reservation_id text NOT NULL REFERENCES reservations (id),
  sku_id         text NOT NULL,
  warehouse_id   text NOT NULL,
  quantity       bigint NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (reservation_id, sku_id, warehouse_id),
  FOREIGN KEY (sku_id, warehouse_id) REFERENCES stock (sku_id, warehouse_id)
);

-- Catalog: categories, products and their SKUs (the unit inventory counts and orders buy).
CREATE TABLE categories (
  id   text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  slug text NOT NULL UNIQUE,
  name text NOT NULL
);

CREATE TABLE products (
  id          text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  category_id text NOT NULL REFERENCES categories (id),
  version     bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL,
  update_time timestamptz NOT NULL,
  search      tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', name), 'A') ||
                setweight(to_tsvector('english', description), 'B')) STORED
);
CREATE INDEX products_name_idx ON products (name, id);
CREATE INDEX products_category_name_idx ON products (category_id, name, id);
CREATE INDEX products_search_idx ON products USING gin (search);

CREATE TABLE skus (
  id          text PRIMARY KEY,
  product_id  text NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position    int NOT NULL,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  price_minor bigint NOT NULL CHECK (price_minor >= 0),
  currency    char(3) NOT NULL,
  attributes  jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (product_id, position)
);

-- CreateProduct idempotency: a retry with the same key returns the product the first call created.
CREATE TABLE create_product_requests (
  idempotency_key text PRIMARY KEY,
  request_hash    text NOT NULL,
  product_id      text NOT NULL REFERENCES products (id),
  create_time     timestamptz NOT NULL
);

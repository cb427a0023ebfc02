-- Orders: each belongs to the person who created it.
CREATE TABLE orders (
  id          text PRIMARY KEY,
  owner_id    text NOT NULL,
  title       text NOT NULL,
  create_time timestamptz NOT NULL
);
CREATE INDEX orders_owner_recent_idx ON orders (owner_id, create_time DESC, id DESC);

-- Shippings: each belongs to the person who created it.
CREATE TABLE shippings (
  id          text PRIMARY KEY,
  owner_id    text NOT NULL,
  title       text NOT NULL,
  create_time timestamptz NOT NULL
);
CREATE INDEX shippings_owner_recent_idx ON shippings (owner_id, create_time DESC, id DESC);

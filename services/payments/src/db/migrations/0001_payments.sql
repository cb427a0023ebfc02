-- Payments: each belongs to the person who created it.
CREATE TABLE payments (
  id          text PRIMARY KEY,
  owner_id    text NOT NULL,
  title       text NOT NULL,
  create_time timestamptz NOT NULL
);
CREATE INDEX payments_owner_recent_idx ON payments (owner_id, create_time DESC, id DESC);

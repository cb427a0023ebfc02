-- The checkout saga (docs/adr/0017): the read model (and the snapshots, which share its shape)
-- show where the checkout is, a cancellation and the refunds. Orders placed before have none.
ALTER TABLE order_views
  ADD COLUMN checkout       jsonb NOT NULL DEFAULT '{"done": []}',
  ADD COLUMN cancellation   jsonb,
  ADD COLUMN refunds        jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN refunded_minor bigint NOT NULL DEFAULT 0;

-- The deadline of each step the saga waits for, written in the transaction that starts the step
-- and removed in the one that ends it. A worker takes the due ones (FOR UPDATE SKIP LOCKED, so
-- several instances share them) and times the step out.
CREATE TABLE saga_deadlines (
  order_id       text NOT NULL,
  correlation_id text NOT NULL,
  due_at         timestamptz NOT NULL,
  PRIMARY KEY (order_id, correlation_id)
);
CREATE INDEX saga_deadlines_due_idx ON saga_deadlines (due_at);

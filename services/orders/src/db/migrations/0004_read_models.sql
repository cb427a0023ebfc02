-- The read model of orders (CQRS): kept by the projection from order_events, rebuilt by replay.
-- One row per order; queries read only this table.
CREATE TABLE order_views (
  order_id        text PRIMARY KEY,
  customer_id     text NOT NULL,
  status          text NOT NULL,
  status_reason   text NOT NULL,
  status_sequence int NOT NULL,
  lines           jsonb NOT NULL,
  shipping_address jsonb NOT NULL,
  currency        char(3) NOT NULL,
  subtotal_minor  bigint NOT NULL,
  shipping_minor  bigint NOT NULL,
  total_minor     bigint NOT NULL,
  version         bigint NOT NULL,
  create_time     timestamptz NOT NULL,
  update_time     timestamptz NOT NULL
);
-- my orders, newest first; the admin list by status, newest first
CREATE INDEX ON order_views (customer_id, create_time DESC, order_id DESC);
CREATE INDEX ON order_views (status, create_time DESC, order_id DESC);

-- How far each projection has read the event store: the position of the last event it applied.
CREATE TABLE projection_checkpoints (
  name           text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  seq            bigint NOT NULL
);
INSERT INTO projection_checkpoints (name, transaction_id, seq) VALUES ('order_views', '0', 0);

-- Orders whose shipment was cancelled before any was created: the checkout saga's compensation
-- overtook its forward step (ADR 0017). The tombstone makes a late CreateShipmentCommand for the
-- order fail (ShipmentFailed) without booking anything.
CREATE TABLE cancelled_orders (
  order_id       text PRIMARY KEY,
  -- The CancelShipmentCommand that left it.
  correlation_id text NOT NULL,
  reason         text NOT NULL DEFAULT '',
  create_time    timestamptz NOT NULL
);

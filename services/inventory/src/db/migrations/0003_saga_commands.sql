-- Inventory as a participant of the checkout saga (ADR 0017): commands from orders reserve, commit,
-- release and return the stock of one order, and every command is answered with exactly one reply.

-- A reservation made by a ReserveStockCommand belongs to an order: its reference is the order id,
-- and an order holds at most one. Reservations made over RPC keep a free-form reference.
ALTER TABLE reservations ADD COLUMN origin text NOT NULL DEFAULT 'RPC' CHECK (origin IN ('RPC', 'SAGA'));
CREATE UNIQUE INDEX reservations_saga_order_idx ON reservations (reference) WHERE origin = 'SAGA';

-- When a committed reservation's stock went back on hand (a cancelled order): at most once.
ALTER TABLE reservations ADD COLUMN return_time timestamptz
  CHECK (return_time IS NULL OR status = 'COMMITTED');

-- A release that came before the order's reservation (a compensation overtook its forward step):
-- a later ReserveStockCommand for the order is refused and holds nothing.
CREATE TABLE reservation_tombstones (
  order_id       text PRIMARY KEY,
  correlation_id text NOT NULL,
  create_time    timestamptz NOT NULL
);

-- Every reply inventory recorded for an order's commands, in order. The reply events are about the
-- order (aggregate id = order id) and `version` is their aggregate version. The first 'outcome' of
-- a step (correlation id) is what a repeat of that step is answered with; 'repeat' rows are those
-- answers; 'expired' rows answer a command taken after its expire_time, which decides nothing, so
-- a later try of that step (with a new deadline) is still decided on its merits.
CREATE TABLE saga_replies (
  order_id       text NOT NULL,
  version        bigint NOT NULL CHECK (version > 0),
  correlation_id text NOT NULL,
  command_type   text NOT NULL,
  reply_type     text NOT NULL,
  payload        bytea NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('outcome', 'repeat', 'expired')),
  create_time    timestamptz NOT NULL,
  PRIMARY KEY (order_id, version)
);
CREATE UNIQUE INDEX saga_replies_step_outcome_idx ON saga_replies (correlation_id) WHERE kind = 'outcome';

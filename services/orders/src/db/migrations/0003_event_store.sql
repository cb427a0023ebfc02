-- The generated placeholder table; orders are event-sourced from here on.
DROP TABLE orders;

-- One stream of events per order, append-only. (stream_id, version) is unique: two commands that
-- loaded the same version cannot both append after it (optimistic concurrency).
-- Global order for readers is (transaction_id, seq); a reader only reads events whose transaction
-- id is below the oldest transaction still running, so none can commit behind it (see the ADR on the order event store).
CREATE TABLE order_events (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id      text NOT NULL,
  version        bigint NOT NULL CHECK (version > 0),
  type           text NOT NULL,
  payload        bytea NOT NULL,
  -- causationId, correlationId, traceparent, eventId (the outbox message id)
  metadata       jsonb NOT NULL,
  occurred_at    timestamptz NOT NULL,
  UNIQUE (stream_id, version)
);
CREATE INDEX order_events_position_idx ON order_events (transaction_id, seq);

-- The latest snapshot of each stream (state as of `version`); loading reads it plus later events.
CREATE TABLE order_snapshots (
  stream_id      text PRIMARY KEY,
  version        bigint NOT NULL,
  -- the shape of `state`; a snapshot of another shape is ignored (the stream is replayed instead)
  schema_version int NOT NULL,
  state          jsonb NOT NULL,
  taken_at       timestamptz NOT NULL DEFAULT now()
);

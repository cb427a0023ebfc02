import type { Migration } from "../db/migrate";

/** The channel the outbox trigger notifies on commit; the relay LISTENs to it. */
export const OUTBOX_CHANNEL = "emporium_outbox";

/**
 * Tables every service that publishes or consumes events gets in its own database, applied by
 * `migrate` next to the service's own files (kept as strings so bundles need no extra assets).
 *
 * outbox: written in the same transaction as the state change; `seq` orders the relay's work and
 * `published_at` is set only after the broker confirmed the message. Rows are selected by
 * "not yet published", never by "seq after the last one seen", so a transaction that took a low seq
 * and committed late is still picked up.
 *
 * inbox: one row per (consumer, message id), written in the same transaction as the consumer's
 * effect, so a redelivered message is recognised and its effect is not applied twice.
 *
 * outbox.destination: the exchange a row leaves on, `emporium.events` (facts, any number of
 * consumers) or `emporium.commands` (one receiver, ADR 0017). The trigger tells a LISTENing relay
 * that rows were committed, once per statement (a notification is delivered only at commit, and
 * identical ones of a transaction are folded into one), so it need not wait for its next poll.
 */
export const MESSAGING_MIGRATIONS: readonly Migration[] = [
  {
    version: "0001_messaging_outbox",
    sql: `
CREATE TABLE outbox (
  seq               bigserial PRIMARY KEY,
  id                uuid NOT NULL UNIQUE,
  event_type        text NOT NULL,
  source            text NOT NULL,
  aggregate_id      text NOT NULL,
  aggregate_version bigint NOT NULL CHECK (aggregate_version >= 0),
  payload           bytea NOT NULL,
  traceparent       text NOT NULL,
  occurred_at       timestamptz NOT NULL DEFAULT now(),
  published_at      timestamptz,
  publish_attempts  integer NOT NULL DEFAULT 0,
  last_error        text
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
`,
  },
  {
    version: "0002_messaging_inbox",
    sql: `
CREATE TABLE inbox (
  consumer     text NOT NULL,
  message_id   text NOT NULL,
  event_type   text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_processed_at ON inbox (processed_at);
`,
  },
  {
    version: "0003_messaging_outbox_destination_notify",
    sql: `
ALTER TABLE outbox
  ADD COLUMN destination text NOT NULL DEFAULT 'events' CHECK (destination IN ('events', 'commands'));
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
`,
  },
];

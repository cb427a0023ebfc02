-- Products a customer watches. A watch stays after it notified: the next replenishment notifies again.
CREATE TABLE watches (
  customer_id text NOT NULL,
  product_id  text NOT NULL,
  create_time timestamptz NOT NULL,
  PRIMARY KEY (customer_id, product_id)
);
CREATE INDEX watches_product_idx ON watches (product_id);
CREATE INDEX watches_customer_recent_idx ON watches (customer_id, create_time DESC, product_id);

-- Where a customer's email goes: learned from CustomerRegistered and from the customer's own tokens.
CREATE TABLE contacts (
  customer_id  text PRIMARY KEY,
  email        text NOT NULL,
  display_name text NOT NULL DEFAULT '',
  update_time  timestamptz NOT NULL
);

-- One row per customer per kind per source event: a redelivered event cannot notify twice,
-- whether or not the inbox caught it.
CREATE TABLE notifications (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('back_in_stock', 'review_published', 'welcome')),
  source_event_id text NOT NULL,
  product_id      text NOT NULL DEFAULT '',
  review_id       text NOT NULL DEFAULT '',
  title           text NOT NULL,
  body            text NOT NULL,
  create_time     timestamptz NOT NULL,
  read_time       timestamptz,
  UNIQUE (customer_id, kind, source_event_id)
);
CREATE INDEX notifications_customer_recent_idx ON notifications (customer_id, create_time DESC, id DESC);

-- The local outbox of rendered messages, one per notification; the dispatcher delivers pending ones.
CREATE TABLE outgoing_messages (
  id              text PRIMARY KEY,
  notification_id text NOT NULL UNIQUE REFERENCES notifications (id),
  channel         text NOT NULL CHECK (channel IN ('email')),
  recipient       text NOT NULL,
  subject         text NOT NULL,
  text_body       text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'undeliverable', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  create_time     timestamptz NOT NULL,
  delivered_time  timestamptz
);
CREATE INDEX outgoing_messages_pending_idx ON outgoing_messages (create_time, id) WHERE status = 'pending';

-- The local mailbox: what was "sent". No network; a real sender would replace it.
CREATE TABLE mailbox (
  message_id     text PRIMARY KEY REFERENCES outgoing_messages (id),
  channel        text NOT NULL,
  recipient      text NOT NULL,
  subject        text NOT NULL,
  text_body      text NOT NULL,
  delivered_time timestamptz NOT NULL
);
CREATE INDEX mailbox_recipient_idx ON mailbox (recipient, delivered_time DESC);

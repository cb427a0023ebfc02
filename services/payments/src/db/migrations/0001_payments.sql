-- Payments: one authorisation per row, with what became of it. Amounts are minor units of the
-- authorised currency; the CHECKs are the last line of defence behind the domain's rules.
CREATE TABLE payments (
  id                 text PRIMARY KEY,
  order_id           text NOT NULL,
  customer_id        text NOT NULL,
  status             text NOT NULL
    CHECK (status IN ('AUTHORIZED', 'DECLINED', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'VOIDED')),
  currency           char(3) NOT NULL,
  authorized_minor   bigint NOT NULL CHECK (authorized_minor > 0),
  captured_minor     bigint NOT NULL DEFAULT 0 CHECK (captured_minor >= 0 AND captured_minor <= authorized_minor),
  -- Refunds never exceed what was captured.
  refunded_minor     bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= captured_minor),
  decline_reason     text CHECK (decline_reason IN ('CARD_DECLINED', 'INSUFFICIENT_FUNDS')),
  provider_reference text NOT NULL,
  -- AuthorizePayment's idempotency key and a fingerprint of the request it came with.
  idempotency_key    text NOT NULL UNIQUE,
  request_hash       text NOT NULL,
  version            bigint NOT NULL CHECK (version > 0),
  create_time        timestamptz NOT NULL,
  update_time        timestamptz NOT NULL
);
CREATE INDEX payments_order_idx ON payments (order_id, create_time, id);

-- One capture per order, whichever of its payments it comes through: the second is impossible.
CREATE TABLE captures (
  payment_id   text PRIMARY KEY REFERENCES payments (id),
  order_id     text NOT NULL UNIQUE,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  create_time  timestamptz NOT NULL
);

CREATE TABLE refunds (
  id              text PRIMARY KEY,
  payment_id      text NOT NULL REFERENCES payments (id),
  amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
  reason          text NOT NULL DEFAULT '',
  -- RefundPayment's idempotency key (per payment) and a fingerprint of the request.
  idempotency_key text NOT NULL,
  request_hash    text NOT NULL,
  create_time     timestamptz NOT NULL,
  UNIQUE (payment_id, idempotency_key)
);

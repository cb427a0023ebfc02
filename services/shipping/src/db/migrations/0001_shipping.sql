-- Shipping: quotes (a price for a parcel to a destination, good for a while) and shipments (an
-- order's parcel, moved along by the simulated carrier).
CREATE TABLE quotes (
  id            text PRIMARY KEY,
  requested_by  text NOT NULL,
  country_code  char(2) NOT NULL,
  postal_code   text NOT NULL,
  service_level text NOT NULL CHECK (service_level IN ('STANDARD', 'EXPRESS')),
  weight_grams  bigint NOT NULL CHECK (weight_grams > 0),
  price_minor   bigint NOT NULL CHECK (price_minor >= 0),
  currency      char(3) NOT NULL,
  create_time   timestamptz NOT NULL,
  expire_time   timestamptz NOT NULL CHECK (expire_time > create_time)
);

CREATE TABLE shipments (
  id              text PRIMARY KEY,
  order_id        text NOT NULL,
  customer_id     text NOT NULL,
  -- One quote ships once.
  quote_id        text NOT NULL UNIQUE REFERENCES quotes (id),
  recipient_name  text NOT NULL,
  line1           text NOT NULL,
  line2           text NOT NULL DEFAULT '',
  city            text NOT NULL,
  postal_code     text NOT NULL,
  country_code    char(2) NOT NULL,
  service_level   text NOT NULL CHECK (service_level IN ('STANDARD', 'EXPRESS')),
  weight_grams    bigint NOT NULL,
  price_minor     bigint NOT NULL,
  currency        char(3) NOT NULL,
  status          text NOT NULL
                  CHECK (status IN ('LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED', 'CANCELLED', 'FAILED')),
  failure_reason  text NOT NULL DEFAULT '',
  correlation_id  text NOT NULL DEFAULT '',
  version         bigint NOT NULL CHECK (version > 0),
  create_time     timestamptz NOT NULL,
  update_time     timestamptz NOT NULL,
  -- When the simulated carrier moves it on; NULL once it has nowhere to go.
  next_step_time  timestamptz,
  idempotency_key text NOT NULL UNIQUE,
  request_hash    text NOT NULL,
  CHECK ((next_step_time IS NOT NULL) = (status IN ('LABEL_CREATED', 'IN_TRANSIT')))
);
CREATE INDEX shipments_order_idx ON shipments (order_id, create_time DESC, id DESC);
-- An order has at most one shipment under way.
CREATE UNIQUE INDEX shipments_one_under_way_idx ON shipments (order_id) WHERE status NOT IN ('FAILED', 'CANCELLED');
-- The carrier's work list.
CREATE INDEX shipments_due_idx ON shipments (next_step_time) WHERE next_step_time IS NOT NULL;

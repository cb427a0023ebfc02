-- How each order was asked for: the customer's idempotency key finds it again. The payment method
-- token and the shipping quote wait here for the saga (they are never part of a published event).
CREATE TABLE order_placements (
  customer_id          text NOT NULL,
  idempotency_key      text NOT NULL,
  order_id             text NOT NULL UNIQUE,
  -- a digest of the request: the same key with another request is refused
  request_fingerprint  text NOT NULL,
  payment_method_token text NOT NULL,
  shipping_quote_id    text NOT NULL,
  create_time          timestamptz NOT NULL,
  PRIMARY KEY (customer_id, idempotency_key)
);

-- Orders whose payment was voided before any was authorised: the checkout saga's compensation
-- overtook its forward step (ADR 0017). The tombstone makes a late AuthorizePaymentCommand for the
-- order a decline (DECLINE_REASON_VOIDED) that never reaches the provider.
CREATE TABLE voided_orders (
  order_id       text PRIMARY KEY,
  -- The VoidPaymentCommand that left it.
  correlation_id text NOT NULL,
  reason         text NOT NULL DEFAULT '',
  create_time    timestamptz NOT NULL
);

-- What a refund brought the payment's refunded total to, so the reply to a refund step sent again
-- is the first one (later refunds do not change it).
ALTER TABLE refunds ADD COLUMN refunded_total_minor bigint;
UPDATE refunds r SET refunded_total_minor = (
  SELECT sum(earlier.amount_minor) FROM refunds earlier
  WHERE earlier.payment_id = r.payment_id AND (earlier.create_time, earlier.id) <= (r.create_time, r.id)
);
ALTER TABLE refunds ALTER COLUMN refunded_total_minor SET NOT NULL,
  ADD CHECK (refunded_total_minor >= amount_minor);

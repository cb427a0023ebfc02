-- The simulated payment provider's own memory (clients/simulated-payment-provider.ts). It stands
-- for another system: it writes outside payments' transactions, on a connection of its own, and
-- remembers each idempotency key with the first answer, as a real provider does. Payments' own
-- tables never refer to it.
CREATE TABLE simulated_provider_requests (
  idempotency_key text PRIMARY KEY,
  operation       text NOT NULL CHECK (operation IN ('authorize', 'capture', 'void', 'refund')),
  -- What was asked (token or authorisation, amount): the same key with another request is an error.
  request         jsonb NOT NULL,
  -- The first answer: the provider's reference, and the decline reason when it declined.
  answer          jsonb NOT NULL,
  create_time     timestamptz NOT NULL DEFAULT now()
);

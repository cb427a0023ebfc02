import type { Money } from "@emporium/platform";
import type { DeclineReason } from "../domain/payment";

/**
 * The payment provider, as payments needs it. A real provider (a card acquirer's API) implements
 * this; the simulated one in provider/ stands in for it locally and in tests.
 *
 * Every call carries an idempotency key derived from the operation (`<paymentId>:capture`): the
 * provider remembers keys, so a repeated call (a retry after a timeout, a transaction that ran
 * again) returns the first call's result instead of moving money twice.
 *
 * Failures are AppErrors: UNAVAILABLE when the provider failed or could not be reached (transient:
 * retry with the same key), FAILED_PRECONDITION when it refuses the request outright (a payment
 * method payments cannot use).
 */
export interface PaymentProvider {
  authorize(call: { idempotencyKey: string; paymentMethodToken: string; amount: Money }): Promise<AuthorizationOutcome>;
  capture(call: { idempotencyKey: string; authorization: string; amount: Money }): Promise<void>;
  void(call: { idempotencyKey: string; authorization: string }): Promise<void>;
  refund(call: { idempotencyKey: string; authorization: string; amount: Money }): Promise<void>;
}

/** The provider's answer to an authorisation: its reference, and a decline reason when it declined. */
export type AuthorizationOutcome =
  { approved: true; reference: string } | { approved: false; reference: string; reason: DeclineReason };

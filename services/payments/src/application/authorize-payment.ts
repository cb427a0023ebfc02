import { AppError, type Money } from "@emporium/platform";
import type { Payment } from "../domain/payment";
import type { PaymentsDeps } from "./payments-deps";
import { authorizationEvent } from "./payments-events";
import { KEY_REUSED, requestHash } from "./request-hash";

export interface AuthorizeCommand {
  orderId: string;
  customerId: string;
  amount: Money;
  paymentMethodToken: string;
  idempotencyKey: string;
  /** Carried into the events; the order id when the caller sent none. */
  correlationId?: string;
}

/**
 * Asks the provider to hold the amount and records the payment it answered with: AUTHORIZED, or
 * DECLINED with the reason (an answer, not an error), with PaymentAuthorized or PaymentDeclined in
 * the same transaction. The provider's key is derived from the caller's key, so a transaction that
 * failed after the provider answered gets the same answer when retried; a retry after commit returns
 * the stored payment and records nothing. A provider failure writes nothing.
 */
export async function authorizePayment(deps: PaymentsDeps, cmd: AuthorizeCommand): Promise<Payment> {
  const { correlationId, ...asked } = cmd;
  const hash = requestHash(asked);
  return deps.payments.transaction(async (tx) => {
    const previous = await tx.authorizationByKey(cmd.idempotencyKey);
    if (previous) {
      if (previous.requestHash !== hash) throw new AppError("FAILED_PRECONDITION", KEY_REUSED);
      return previous.value;
    }
    const outcome = await deps.provider.authorize({
      idempotencyKey: `${cmd.orderId}:authorize:${cmd.idempotencyKey}`,
      paymentMethodToken: cmd.paymentMethodToken,
      amount: cmd.amount,
    });
    const now = deps.clock();
    const payment: Payment = {
      id: deps.newId(),
      orderId: cmd.orderId,
      customerId: cmd.customerId,
      status: outcome.approved ? "AUTHORIZED" : "DECLINED",
      authorized: cmd.amount,
      capturedMinor: 0n,
      refundedMinor: 0n,
      ...(outcome.approved ? {} : { declineReason: outcome.reason }),
      providerReference: outcome.reference,
      version: 1n,
      createTime: now,
      updateTime: now,
    };
    await tx.insert(payment, { key: cmd.idempotencyKey, requestHash: hash });
    await tx.recordEvent(authorizationEvent(payment, correlationId || cmd.orderId));
    return payment;
  });
}

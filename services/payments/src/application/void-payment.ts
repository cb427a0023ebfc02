import { voidAuthorization, type Payment } from "../domain/payment";
import { withLockedPayment } from "./locked-payment";
import type { PaymentsDeps } from "./payments-deps";
import { voidedEvent } from "./payments-events";

/**
 * Releases an uncaptured authorisation (provider key `<paymentId>:void`) and records PaymentVoided.
 * Voiding a voided payment returns it and records nothing; a captured one is refused (refund it).
 */
export function voidPayment(deps: PaymentsDeps, cmd: { paymentId: string; correlationId?: string }): Promise<Payment> {
  return withLockedPayment(deps, cmd.paymentId, async (p, tx) => {
    if (p.status === "VOIDED") return p;
    const next = voidAuthorization(p, deps.clock());
    await deps.provider.void({ idempotencyKey: `${p.id}:void`, authorization: p.providerReference });
    await tx.update(next);
    await tx.recordEvent(voidedEvent(next, cmd.correlationId || p.orderId));
    return next;
  });
}

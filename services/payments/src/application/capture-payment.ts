import type { Money } from "@emporium/platform";
import { capture, captured, type Payment } from "../domain/payment";
import { withLockedPayment } from "./locked-payment";
import type { PaymentsDeps } from "./payments-deps";
import { capturedEvent } from "./payments-events";

/**
 * Captures the whole authorised amount, or `amount` of it, with the provider key
 * `<paymentId>:capture`, and records PaymentCaptured in the same transaction. Should the
 * transaction fail after the provider answered, a retry asks with the same key and gets the first
 * answer: money moves once. A payment is captured at most once, so a repeated capture of the same
 * amount returns the captured payment and records nothing; the database refuses a second capture
 * for the same order, whichever payment it comes through.
 */
export function capturePayment(
  deps: PaymentsDeps,
  cmd: { paymentId: string; amount?: Money; correlationId?: string },
): Promise<Payment> {
  return withLockedPayment(deps, cmd.paymentId, async (p, tx) => {
    const amount = cmd.amount ?? p.authorized;
    const done = captured(p);
    if (p.capturedMinor > 0n && done.amountMinor === amount.amountMinor && done.currency === amount.currency) return p;
    const next = capture(p, amount, deps.clock());
    await deps.provider.capture({ idempotencyKey: `${p.id}:capture`, authorization: p.providerReference, amount });
    await tx.insertCapture(next);
    await tx.update(next);
    await tx.recordEvent(capturedEvent(next, cmd.correlationId || p.orderId));
    return next;
  });
}

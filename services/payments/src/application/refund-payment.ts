import { AppError, type Money } from "@emporium/platform";
import { applyRefund, refundable, refunded, type Payment, type Refund } from "../domain/payment";
import { withLockedPayment } from "./locked-payment";
import type { PaymentsDeps } from "./payments-deps";
import { refundedEvent } from "./payments-events";
import { KEY_REUSED, requestHash } from "./request-hash";

export interface RefundCommand {
  paymentId: string;
  /** What is left of the captured amount when unset. */
  amount?: Money;
  idempotencyKey: string;
  reason?: string;
  correlationId?: string;
}

/**
 * Gives back part or all of the captured amount (provider key `<paymentId>:refund:<key>`) and
 * records PaymentRefunded. In total never more than was captured: the domain refuses it and a CHECK
 * in the database backs it up. A retry with the same key returns the first refund and records
 * nothing; the same key with another request is refused.
 */
export function refundPayment(deps: PaymentsDeps, cmd: RefundCommand): Promise<{ payment: Payment; refund: Refund }> {
  const hash = requestHash({ amount: cmd.amount ?? null, reason: cmd.reason ?? "" });
  return withLockedPayment(deps, cmd.paymentId, async (p, tx) => {
    const previous = await tx.refundByKey(p.id, cmd.idempotencyKey);
    if (previous) {
      if (previous.requestHash !== hash) throw new AppError("FAILED_PRECONDITION", KEY_REUSED);
      return { payment: p, refund: previous.value };
    }
    const amount = cmd.amount ?? refundable(p);
    const now = deps.clock();
    const next = applyRefund(p, amount, now);
    const refund: Refund = {
      id: deps.newId(),
      paymentId: p.id,
      amount,
      refundedTotal: refunded(next),
      reason: cmd.reason ?? "",
      createTime: now,
    };
    await deps.provider.refund({
      idempotencyKey: `${p.id}:refund:${cmd.idempotencyKey}`,
      authorization: p.providerReference,
      amount,
    });
    await tx.insertRefund(refund, { key: cmd.idempotencyKey, requestHash: hash });
    await tx.update(next);
    await tx.recordEvent(refundedEvent(next, refund, cmd.correlationId || p.orderId));
    return { payment: next, refund };
  });
}

import { notFound } from "@emporium/platform";
import type { Payment } from "../domain/payment";
import type { PaymentsDeps, PaymentTransaction } from "./payments-deps";

/**
 * Runs a change of one payment in a transaction that holds the payment's lock, so changes of one
 * payment happen one after the other: the second of two concurrent captures sees the first's result.
 */
export function withLockedPayment<T>(
  deps: PaymentsDeps,
  id: string,
  work: (payment: Payment, tx: PaymentTransaction) => Promise<T>,
): Promise<T> {
  return deps.payments.transaction(async (tx) => {
    const payment = await tx.lock(id);
    if (!payment) throw notFound("payment", id);
    return work(payment, tx);
  });
}

import type { PoolClient } from "@emporium/platform";
import type { PaymentsDeps } from "../application/payments-deps";
import { PgPaymentRepositoryInTransaction } from "../db/payment-repository";

/**
 * Payments' deps for one command: the repository works inside the transaction the consumer holds
 * the command's inbox row in, so the effect and the reply commit with "this message was handled".
 */
export const depsInTransaction = (deps: PaymentsDeps, tx: PoolClient): PaymentsDeps => ({
  ...deps,
  payments: new PgPaymentRepositoryInTransaction(tx),
});

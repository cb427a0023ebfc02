import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import type { PaymentsDeps } from "./application/payments-deps";
import { PgPaymentRepository } from "./db/payment-repository";
import { paymentsSubgraph } from "./graph/subgraph-schema";
import { paymentsRpc } from "./rpc/payments-routes";

export type PaymentsApp = ServiceApp<PaymentsDeps>;

/** The payments service's specifics; the composition is the platform's. */
export const paymentsService = defineService<PaymentsDeps>("payments", __dirname, () => ({
  deps: (pool) => ({ payments: new PgPaymentRepository(pool), ...clockAndIds() }),
  rpc: paymentsRpc,
  subgraph: paymentsSubgraph,
}));

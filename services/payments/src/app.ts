import { clockAndIds, createPool, defineService, type ServiceApp } from "@emporium/platform";
import type { PaymentsDeps } from "./application/payments-deps";
import type { PaymentsConfig } from "./config";
import { PgPaymentRepository } from "./db/payment-repository";
import { paymentCommands } from "./events/payments-commands";
import { paymentsSubgraph } from "./graph/subgraph-schema";
import { SimulatedPaymentProvider } from "./clients/simulated-payment-provider";
import { paymentsRpc } from "./rpc/payments-routes";

export type PaymentsApp = ServiceApp<PaymentsDeps>;

/**
 * The payments service's specifics; the composition is the platform's. The simulated provider
 * stands for another system, so it gets a small pool of its own (closed with the workers): it
 * answers while a payment's transaction holds a connection and a lock.
 */
export const paymentsService = defineService<PaymentsDeps, PaymentsConfig>("payments", __dirname, (config, logger) => {
  const providerPool = createPool(config.databaseUrl, {
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
    max: 2,
    applicationName: "payments-simulated-provider",
  });
  const provider = new SimulatedPaymentProvider(providerPool, { slowMs: config.providerSlowMs });
  return {
    deps: (pool) => ({ payments: new PgPaymentRepository(pool), provider, ...clockAndIds() }),
    rpc: paymentsRpc,
    subgraph: paymentsSubgraph,
    // The checkout saga's commands, from the queue payments.commands (ADR 0017).
    messaging: (deps) => ({ commands: paymentCommands(deps) }),
    workers: () => [{ name: "simulated payment provider", start: () => undefined, stop: () => providerPool.end() }],
  };
});

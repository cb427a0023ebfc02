import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { file_emporium_payments_v1_commands } from "@emporium/contracts/emporium/payments/v1/commands_pb";
import { file_emporium_payments_v1_events } from "@emporium/contracts/emporium/payments/v1/events_pb";
import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import { createLogger } from "@emporium/platform";
import {
  recordedEvents,
  serviceToken,
  startServiceUnderTest,
  testKeycloak,
  userToken,
  withBearer,
  type ServiceUnderTest,
} from "@emporium/testing";
import { paymentsService, type PaymentsApp } from "../src/app";
import { loadPaymentsConfig } from "../src/config";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";
/** What payments records: its events, and the failure replies declared beside its commands. */
export const PAYMENT_EVENTS = [
  ...file_emporium_payments_v1_events.messages,
  ...file_emporium_payments_v1_commands.messages,
];

interface AuthorizeFields {
  orderId: string;
  customerId: string;
  amount: { currencyCode: string; amountMinor: bigint } | undefined;
  paymentMethodToken: string;
  idempotencyKey: string;
  correlationId: string;
}

export interface RunningPayments extends ServiceUnderTest<PaymentsApp> {
  tokens: { alice: string; bob: string; admin: string; orders: string };
  client(token?: string): Client<typeof PaymentsService>;
  /** As the orders service: its client-credentials token, the one caller that may move money. */
  orders: Client<typeof PaymentsService>;
  /** Authorises (as orders) for a fresh order of alice's unless told otherwise. */
  authorize(fields?: Partial<AuthorizeFields>): ReturnType<Client<typeof PaymentsService>["authorizePayment"]>;
  events(): ReturnType<typeof recordedEvents>;
}

let orderCounter = 0;
export const freshOrderId = () => `order-${process.pid}-${++orderCounter}`;
export const eur = (amountMinor: bigint) => ({ currencyCode: "EUR", amountMinor });
/** Matches a decoded Money message of that many euro cents. */
export const money = (amountMinor: bigint): unknown => expect.objectContaining(eur(amountMinor));

/**
 * Payments on a fresh copy of its migrated template database; tok_slow answers after 300 ms. `env`
 * adds settings, such as a broker URL (then it publishes its outbox and takes its commands).
 */
export async function startPayments(env: Record<string, string> = {}): Promise<RunningPayments> {
  const svc = await startServiceUnderTest({
    service: "payments",
    migrate: paymentsService.migrations.migrate,
    build: (env) => paymentsService.build(loadPaymentsConfig(env), createLogger("payments", "silent")),
    env: { EMPORIUM_PAYMENTS_PROVIDER_SLOW_MS: "300", ...env },
  });
  const kc = testKeycloak();
  const [alice, bob, admin, orders] = await Promise.all([
    userToken(kc, "alice"),
    userToken(kc, "bob"),
    userToken(kc, "ada"),
    serviceToken(kc, "orders"),
  ]);
  const client = (token?: string) =>
    createClient(PaymentsService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) }));
  const ordersClient = client(orders);
  return {
    ...svc,
    tokens: { alice, bob, admin, orders },
    client,
    orders: ordersClient,
    authorize: (fields = {}) =>
      ordersClient.authorizePayment({
        orderId: freshOrderId(),
        customerId: ALICE,
        amount: eur(2500n),
        paymentMethodToken: "tok_approve",
        idempotencyKey: `key-${process.pid}-${++orderCounter}`,
        correlationId: `corr-${orderCounter}`,
        ...fields,
      }),
    events: () => recordedEvents(svc.app.pool, PAYMENT_EVENTS),
  };
}

import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { paymentsService, type PaymentsApp } from "../src/app";
import { loadPaymentsConfig } from "../src/config";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";

export interface RunningPayments extends ServiceUnderTest<PaymentsApp> {
  tokens: { alice: string; bob: string };
  client(token?: string): Client<typeof PaymentsService>;
}

/** Payments on a fresh copy of its migrated template database, with real tokens for alice and bob. */
export async function startPayments(): Promise<RunningPayments> {
  const svc = await startServiceUnderTest({
    service: "payments",
    migrate: paymentsService.migrations.migrate,
    build: (env) => paymentsService.build(loadPaymentsConfig(env), createLogger("payments", "silent")),
  });
  const kc = testKeycloak();
  const [alice, bob] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob")]);
  return {
    ...svc,
    tokens: { alice, bob },
    client: (token) =>
      createClient(PaymentsService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
  };
}

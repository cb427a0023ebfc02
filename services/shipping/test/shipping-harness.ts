import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { shippingService, type ShippingApp } from "../src/app";
import { loadShippingConfig } from "../src/config";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";

export interface RunningShipping extends ServiceUnderTest<ShippingApp> {
  tokens: { alice: string; bob: string };
  client(token?: string): Client<typeof ShippingService>;
}

/** Shipping on a fresh copy of its migrated template database, with real tokens for alice and bob. */
export async function startShipping(): Promise<RunningShipping> {
  const svc = await startServiceUnderTest({
    service: "shipping",
    migrate: shippingService.migrations.migrate,
    build: (env) => shippingService.build(loadShippingConfig(env), createLogger("shipping", "silent")),
  });
  const kc = testKeycloak();
  const [alice, bob] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob")]);
  return {
    ...svc,
    tokens: { alice, bob },
    client: (token) =>
      createClient(ShippingService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
  };
}

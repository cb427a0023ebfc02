import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { ordersService, type OrdersApp } from "../src/app";
import { loadOrdersConfig } from "../src/config";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";

export interface RunningOrders extends ServiceUnderTest<OrdersApp> {
  tokens: { alice: string; bob: string };
  client(token?: string): Client<typeof OrdersService>;
}

/** Orders on a fresh copy of its migrated template database, with real tokens for alice and bob. */
export async function startOrders(): Promise<RunningOrders> {
  const svc = await startServiceUnderTest({
    service: "orders",
    migrate: ordersService.migrations.migrate,
    build: (env) => ordersService.build(loadOrdersConfig(env), createLogger("orders", "silent")),
  });
  const kc = testKeycloak();
  const [alice, bob] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob")]);
  return {
    ...svc,
    tokens: { alice, bob },
    client: (token) =>
      createClient(OrdersService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
  };
}

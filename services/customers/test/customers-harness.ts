import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { customersService, type CustomersApp } from "../src/app";
import { loadCustomersConfig } from "../src/config";
import { seedCustomers } from "../src/db/seed";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";

export interface RunningCustomers extends ServiceUnderTest<CustomersApp> {
  tokens: { alice: string; bob: string; ada: string };
  client(token?: string): Client<typeof CustomersService>;
}

/** Customers on a fresh copy of its migrated template, seeded with the realm's users unless told otherwise. */
export async function startCustomers(options: { seed?: boolean } = {}): Promise<RunningCustomers> {
  const svc = await startServiceUnderTest({
    service: "customers",
    migrate: customersService.migrations.migrate,
    build: (env) => customersService.build(loadCustomersConfig(env), createLogger("customers", "silent")),
    seed: options.seed === false ? undefined : (app) => seedCustomers(app.pool),
  });
  const kc = testKeycloak();
  const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  return {
    ...svc,
    tokens: { alice, bob, ada },
    client: (token) =>
      createClient(CustomersService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
  };
}

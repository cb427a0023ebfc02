import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { createLogger, migrate } from "@emporium/platform";
import { createTestDatabase, ensureTemplateDatabase, testKeycloak, userToken } from "@emporium/testing";
import { buildCustomersApp, MIGRATIONS_DIR, type CustomersApp } from "../src/app";
import { loadCustomersConfig } from "../src/config";
import { seedCustomers } from "../src/db/seed";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";

export interface RunningCustomers {
  app: CustomersApp;
  rpcUrl: string;
  httpUrl: string;
  tokens: { alice: string; bob: string; ada: string };
  client(token?: string): Client<typeof CustomersService>;
  graphql<T = unknown>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: { data?: T | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions: Record<string, unknown> }> } }>;
  stop(): Promise<void>;
}

export async function startCustomers(): Promise<RunningCustomers> {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
  await ensureTemplateDatabase(adminUrl, { service: "customers", migrate: (url) => migrate(url, MIGRATIONS_DIR).then(() => undefined) });
  const db = await createTestDatabase(adminUrl, { service: "customers" });
  const kc = testKeycloak();
  const config = loadCustomersConfig({
    EMPORIUM_CUSTOMERS_DATABASE_URL: db.databaseUrl,
    EMPORIUM_CUSTOMERS_RPC_PORT: "0",
    EMPORIUM_CUSTOMERS_HTTP_PORT: "0",
    EMPORIUM_SHUTDOWN_TIMEOUT_MS: "500",
    EMPORIUM_AUTH_ISSUER: kc.issuer,
  });
  const app = await buildCustomersApp(config, createLogger("customers", "silent"));
  await seedCustomers(app.pool);
  const { rpcUrl, httpUrl } = await app.host.listen();
  const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  return {
    app,
    rpcUrl,
    httpUrl,
    tokens: { alice, bob, ada },
    client: (token) => createClient(CustomersService, createGrpcTransport({ baseUrl: rpcUrl, interceptors: token ? [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))] : [] })),
    async graphql(query, variables, token) {
      const res = await fetch(`${httpUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      await app.host.close();
      app.health.stop();
      await app.pool.end();
      await db.drop();
    },
  };
}

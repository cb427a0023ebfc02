import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { createLogger, migrate } from "@emporium/platform";
import { createTestDatabase, ensureTemplateDatabase, serviceToken, testKeycloak, userToken } from "@emporium/testing";
import { buildInventoryApp, MIGRATIONS_DIR, type InventoryApp } from "../src/app";
import { loadInventoryConfig } from "../src/config";
import { seedInventory } from "../src/db/seed";

export interface RunningInventory {
  app: InventoryApp;
  rpcUrl: string;
  httpUrl: string;
  client(token?: string): Client<typeof InventoryService>;
  /** As the orders service (client credentials for inventory). */
  orders: Client<typeof InventoryService>;
  adminToken: string;
  graphql<T = unknown>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; extensions: Record<string, unknown> }> } }>;
  stop(): Promise<void>;
}

/** Inventory on a fresh copy of its migrated template, seeded, on ephemeral ports. */
export async function startInventory(options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<RunningInventory> {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
  await ensureTemplateDatabase(adminUrl, { service: "inventory", migrate: (url) => migrate(url, MIGRATIONS_DIR).then(() => undefined) });
  const db = await createTestDatabase(adminUrl, { service: "inventory" });
  const kc = testKeycloak();
  const config = loadInventoryConfig({
    EMPORIUM_INVENTORY_DATABASE_URL: db.databaseUrl,
    EMPORIUM_INVENTORY_RPC_PORT: "0",
    EMPORIUM_INVENTORY_HTTP_PORT: "0",
    EMPORIUM_HEALTH_INTERVAL_MS: "500",
    EMPORIUM_SHUTDOWN_TIMEOUT_MS: "500",
    EMPORIUM_INVENTORY_EXPIRY_INTERVAL_MS: "200",
    EMPORIUM_AUTH_ISSUER: kc.issuer,
    ...options.env,
  });
  const app = await buildInventoryApp(config, createLogger("inventory", "silent"));
  if (options.seed !== false) await seedInventory(app.pool);
  const { rpcUrl, httpUrl } = await app.host.listen();
  const client = (token?: string) =>
    createClient(InventoryService, createGrpcTransport({ baseUrl: rpcUrl, interceptors: token ? [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))] : [] }));
  const [ordersToken, adminToken] = await Promise.all([serviceToken(kc, "orders"), userToken(kc, "ada")]);
  return {
    app,
    rpcUrl,
    httpUrl,
    client,
    orders: client(ordersToken),
    adminToken,
    async graphql(query, variables, token) {
      const res = await fetch(`${httpUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      app.stopSweeper();
      await app.host.close();
      app.health.stop();
      await app.pool.end();
      await db.drop();
    },
  };
}

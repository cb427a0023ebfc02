import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { createLogger } from "@emporium/platform";
import {
  serviceToken,
  startServiceUnderTest,
  testKeycloak,
  userToken,
  withBearer,
  type ServiceUnderTest,
} from "@emporium/testing";
import { inventoryService, type InventoryApp } from "../src/app";
import { loadInventoryConfig } from "../src/config";
import { seedInventory } from "../src/db/seed";

export interface RunningInventory extends ServiceUnderTest<InventoryApp> {
  client(token?: string): Client<typeof InventoryService>;
  /** As the orders service (client credentials for inventory). */
  orders: Client<typeof InventoryService>;
  adminToken: string;
}

/**
 * Inventory on a fresh copy of its migrated template, seeded unless told otherwise, expiring fast.
 * No broker unless `env` names one (EMPORIUM_INVENTORY_AMQP_URL): most specs read the outbox.
 */
export async function startInventory(
  options: { seed?: boolean; env?: Record<string, string> } = {},
): Promise<RunningInventory> {
  const svc = await startServiceUnderTest({
    service: "inventory",
    migrate: inventoryService.migrations.migrate,
    build: (env) => inventoryService.build(loadInventoryConfig(env), createLogger("inventory", "silent")),
    seed: options.seed === false ? undefined : (app) => seedInventory(app.pool),
    env: { EMPORIUM_INVENTORY_EXPIRY_INTERVAL_MS: "200", ...options.env },
  });
  const kc = testKeycloak();
  const client = (token?: string) =>
    createClient(InventoryService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) }));
  const [ordersToken, adminToken] = await Promise.all([serviceToken(kc, "orders"), userToken(kc, "ada")]);
  return { ...svc, client, orders: client(ordersToken), adminToken };
}

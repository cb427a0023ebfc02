import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { catalogService, type CatalogApp } from "../src/app";
import { loadCatalogConfig } from "../src/config";
import { seedCatalog } from "../src/db/seed";

export interface RunningCatalog extends ServiceUnderTest<CatalogApp> {
  client(token?: string): Client<typeof CatalogService>;
  /** A client calling as ada, an admin of the test realm. */
  admin: Client<typeof CatalogService>;
  adminToken: string;
}

/**
 * The catalog on a fresh copy of its migrated template, seeded, readiness checked every 200 ms.
 * `databaseUrl`: a database of the test's own instead (e.g. on a PostgreSQL it stops and starts).
 * `env`: more settings (e.g. the image base URL, a broker URL).
 */
export async function startCatalog(
  options: { databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<RunningCatalog> {
  const svc = await startServiceUnderTest({
    service: "catalog",
    migrate: catalogService.migrations.migrate,
    build: (env) => catalogService.build(loadCatalogConfig(env), createLogger("catalog", "silent")),
    seed: (app) => seedCatalog(app.pool),
    env: { EMPORIUM_HEALTH_INTERVAL_MS: "200", ...options.env },
    databaseUrl: options.databaseUrl,
  });
  const client = (token?: string) =>
    createClient(CatalogService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) }));
  const adminToken = await userToken(testKeycloak(), "ada");
  return { ...svc, client, admin: client(adminToken), adminToken };
}

/** Rows in a table, straight from the database, to prove what was (not) written. */
export async function countRows(
  catalog: RunningCatalog,
  table: "products" | "skus" | "create_product_requests",
): Promise<number> {
  const { rows } = await catalog.app.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
  return Number(rows[0]!.n);
}

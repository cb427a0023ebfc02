import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { createLogger } from "@emporium/platform";
import { createTestDatabase, ensureTemplateDatabase, testKeycloak, userToken } from "@emporium/testing";
import { buildCatalogApp, migrateCatalogDatabase, type CatalogApp } from "../src/app";
import { loadCatalogConfig } from "../src/config";
import { seedCatalog } from "../src/db/seed";

export interface RunningCatalog {
  app: CatalogApp;
  rpcUrl: string;
  httpUrl: string;
  databaseUrl: string;
  /** Anonymous client. */
  client: Client<typeof CatalogService>;
  /** A client calling as ada, an admin of the test realm. */
  admin: Client<typeof CatalogService>;
  adminToken: string;
  clientWithToken(token: string): Client<typeof CatalogService>;
  /** POSTs a GraphQL request to the subgraph, with a bearer token when given. */
  graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{
    status: number;
    body: { data?: T; errors?: Array<{ message: string; path?: string[]; extensions: Record<string, unknown> }> };
  }>;
  stop(): Promise<void>;
}

export function adminUrl(): string {
  const url = process.env.EMPORIUM_TEST_PG_ADMIN_URL;
  if (!url)
    throw new Error("EMPORIUM_TEST_PG_ADMIN_URL is not set: run through jest (its global setup starts PostgreSQL)");
  return url;
}

/** A catalog on its own fresh database (migrated template copy), seeded, on ephemeral ports. */
export async function startCatalog(
  options: { seed?: boolean; databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<RunningCatalog> {
  let databaseUrl = options.databaseUrl;
  let drop = async () => undefined as unknown;
  if (!databaseUrl) {
    await ensureTemplateDatabase(adminUrl(), {
      service: "catalog",
      migrate: (url) => migrateCatalogDatabase(url).then(() => undefined),
    });
    const db = await createTestDatabase(adminUrl(), { service: "catalog" });
    databaseUrl = db.databaseUrl;
    drop = db.drop;
  }
  const config = loadCatalogConfig({
    EMPORIUM_CATALOG_DATABASE_URL: databaseUrl,
    EMPORIUM_CATALOG_RPC_PORT: "0",
    EMPORIUM_CATALOG_HTTP_PORT: "0",
    EMPORIUM_HEALTH_INTERVAL_MS: "200",
    EMPORIUM_SHUTDOWN_TIMEOUT_MS: "500",
    EMPORIUM_AUTH_ISSUER: testKeycloak().issuer,
    ...options.env,
  });
  const app = await buildCatalogApp(config, createLogger("catalog", "silent"));
  if (options.seed !== false) await seedCatalog(app.pool);
  const { rpcUrl, httpUrl } = await app.host.listen();
  const clientWithToken = (token?: string) =>
    createClient(
      CatalogService,
      createGrpcTransport({
        baseUrl: rpcUrl,
        interceptors: token ? [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))] : [],
      }),
    );
  const adminToken = await userToken(testKeycloak(), "ada");
  return {
    app,
    rpcUrl,
    httpUrl,
    databaseUrl,
    client: clientWithToken(),
    admin: clientWithToken(adminToken),
    adminToken,
    clientWithToken,
    async graphql(query, variables, token) {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      };
      const res = await fetch(`${httpUrl}/graphql`, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      await app.host.close();
      app.health.stop();
      await app.pool.end();
      await drop();
    },
  };
}

/** Rows in a table, straight from the database, to prove what was (not) written. */
export async function countRows(
  catalog: RunningCatalog,
  table: "products" | "skus" | "create_product_requests",
): Promise<number> {
  const { rows } = await catalog.app.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
  return Number(rows[0]!.n);
}

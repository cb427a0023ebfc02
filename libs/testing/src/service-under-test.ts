import type { Interceptor } from "@connectrpc/connect";
import { createTestDatabase, ensureTemplateDatabase } from "./test-databases";
import { testKeycloak } from "./tokens";

/** What every service's buildXApp returns, as far as its tests need to start and stop it. */
export interface ServiceApp {
  host: { listen(): Promise<{ rpcUrl: string; httpUrl: string }>; close(): Promise<void> };
  health: { stop(): void };
  pool: { end(): Promise<void> };
}

export interface ServiceUnderTest<App extends ServiceApp> {
  app: App;
  rpcUrl: string;
  httpUrl: string;
  databaseUrl: string;
  /** POSTs a GraphQL request to the service's subgraph, with a bearer token when given. */
  graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{
    status: number;
    body: {
      data?: T | null;
      errors?: Array<{ message: string; path?: Array<string | number>; extensions: Record<string, unknown> }>;
    };
  }>;
  stop(): Promise<void>;
}

/**
 * A service in-process for its integration tests: a fresh copy of its migrated template database,
 * ephemeral ports, the test Keycloak as issuer, optional seed. `build` gets the environment the
 * service's config loader reads.
 */
export async function startServiceUnderTest<App extends ServiceApp>(options: {
  service: string;
  /** Migrates a database (the service's own migration runner), for its template. */
  migrate: (databaseUrl: string) => Promise<unknown>;
  build: (env: Record<string, string>) => Promise<App>;
  seed?: (app: App) => Promise<void>;
  env?: Record<string, string>;
  /** Extra clean-up before the listeners close (timers...). */
  beforeStop?: (app: App) => void;
}): Promise<ServiceUnderTest<App>> {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
  await ensureTemplateDatabase(adminUrl, {
    service: options.service,
    migrate: (url) => options.migrate(url).then(() => undefined),
  });
  const db = await createTestDatabase(adminUrl, { service: options.service });
  const prefix = `EMPORIUM_${options.service.toUpperCase()}_`;
  const app = await options.build({
    [`${prefix}DATABASE_URL`]: db.databaseUrl,
    [`${prefix}RPC_PORT`]: "0",
    [`${prefix}HTTP_PORT`]: "0",
    EMPORIUM_HEALTH_INTERVAL_MS: "500",
    EMPORIUM_SHUTDOWN_TIMEOUT_MS: "500",
    EMPORIUM_AUTH_ISSUER: testKeycloak().issuer,
    ...options.env,
  });
  if (options.seed) await options.seed(app);
  const { rpcUrl, httpUrl } = await app.host.listen();
  return {
    app,
    rpcUrl,
    httpUrl,
    databaseUrl: db.databaseUrl,
    async graphql(query, variables, token) {
      const res = await fetch(`${httpUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      options.beforeStop?.(app);
      await app.host.close();
      app.health.stop();
      await app.pool.end();
      await db.drop();
    },
  };
}

/** Interceptors for a Connect client calling with a bearer token (none when there is no token). */
export const withBearer = (token?: string): Interceptor[] =>
  token ? [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))] : [];

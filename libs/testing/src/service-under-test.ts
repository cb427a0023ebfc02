import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Interceptor } from "@connectrpc/connect";
import { envPrefix } from "@emporium/registry";
import { REPO_ROOT } from "./processes";
import { createTestDatabase, ensureTemplateDatabase } from "./test-databases";
import { testKeycloak } from "./tokens";

/** What every service's `build` returns, as far as its tests need to start and stop it. */
export interface ServiceApp {
  host: { listen(): Promise<{ rpcUrl: string; httpUrl: string }> };
  /** The app's own ordered shutdown (host, workers, messaging, health, pool), as in production. */
  close(): Promise<void>;
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
 * A service in-process for its integration tests: a fresh copy of its migrated template database
 * (or a database the test provides), ephemeral ports, the test Keycloak as issuer, optional seed.
 * `build` gets the environment the service's config loader reads; `stop` closes the app the way
 * production does, then drops the database it made.
 */
export async function startServiceUnderTest<App extends ServiceApp>(options: {
  service: string;
  /** Migrates a database (the service's own migration runner), for its template. */
  migrate: (databaseUrl: string) => Promise<unknown>;
  build: (env: Record<string, string>) => Promise<App>;
  seed?: (app: App) => Promise<void>;
  env?: Record<string, string>;
  /** An existing database (e.g. on a PostgreSQL the test stops and starts) instead of a template copy. */
  databaseUrl?: string;
}): Promise<ServiceUnderTest<App>> {
  const db = options.databaseUrl
    ? { databaseUrl: options.databaseUrl, drop: async () => undefined }
    : await freshServiceDatabase(options.service, options.migrate);
  const prefix = envPrefix(options.service);
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
      await app.close();
      await db.drop();
    },
  };
}

/** A fresh copy of the service's migrated template database on the test PostgreSQL of this jest run. */
export async function freshServiceDatabase(service: string, migrate: (databaseUrl: string) => Promise<unknown>) {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error("EMPORIUM_TEST_PG_ADMIN_URL is not set: run through jest (its global setup sets it)");
  await ensureTemplateDatabase(adminUrl, {
    service,
    migrate: (url) => migrate(url).then(() => undefined),
    version: migrationsDigest(service),
  });
  return createTestDatabase(adminUrl, { service });
}

/**
 * A digest of the migrations a service's database gets: its own files and the platform's messaging
 * tables (outbox, inbox), read by path since this library cannot import the platform. A test
 * PostgreSQL that outlives a run (one shared by several checkouts) rebuilds the template when they
 * differ from the ones it was built from.
 */
function migrationsDigest(service: string): string | undefined {
  const dir = path.join(REPO_ROOT, "services", service, "src", "db", "migrations");
  if (!existsSync(dir)) return undefined;
  const hash = createHash("sha256");
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(path.join(dir, file)));
  hash.update(readFileSync(path.join(REPO_ROOT, "libs", "platform", "src", "events", "messaging-migrations.ts")));
  return hash.digest("hex").slice(0, 16);
}

/** Interceptors for a Connect client calling with a bearer token (none when there is no token). */
export const withBearer = (token?: string): Interceptor[] =>
  token ? [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))] : [];

import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import { createLogger, migrate } from "@emporium/platform";
import { createTestDatabase, ensureTemplateDatabase, testKeycloak, userToken } from "@emporium/testing";
import { buildReviewsApp, MIGRATIONS_DIR, type ReviewsApp } from "../src/app";
import { loadReviewsConfig } from "../src/config";
import { seedReviews } from "../src/db/seed";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";

export interface RunningReviews {
  app: ReviewsApp;
  rpcUrl: string;
  httpUrl: string;
  tokens: { alice: string; bob: string; ada: string };
  client(token?: string): Client<typeof ReviewsService>;
  graphql<T = unknown>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: { data?: T | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions: Record<string, unknown> }> } }>;
  stop(): Promise<void>;
}

export async function startReviews(): Promise<RunningReviews> {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
  await ensureTemplateDatabase(adminUrl, { service: "reviews", migrate: (url) => migrate(url, MIGRATIONS_DIR).then(() => undefined) });
  const db = await createTestDatabase(adminUrl, { service: "reviews" });
  const kc = testKeycloak();
  const config = loadReviewsConfig({
    EMPORIUM_REVIEWS_DATABASE_URL: db.databaseUrl,
    EMPORIUM_REVIEWS_RPC_PORT: "0",
    EMPORIUM_REVIEWS_HTTP_PORT: "0",
    EMPORIUM_SHUTDOWN_TIMEOUT_MS: "500",
    EMPORIUM_AUTH_ISSUER: kc.issuer,
  });
  const app = await buildReviewsApp(config, createLogger("reviews", "silent"));
  await seedReviews(app.pool);
  const { rpcUrl, httpUrl } = await app.host.listen();
  const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  return {
    app,
    rpcUrl,
    httpUrl,
    tokens: { alice, bob, ada },
    client: (token) => createClient(ReviewsService, createGrpcTransport({ baseUrl: rpcUrl, interceptors: token ? [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))] : [] })),
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

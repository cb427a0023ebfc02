import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { reviewsService, type ReviewsApp } from "../src/app";
import { loadReviewsConfig } from "../src/config";
import { seedReviews } from "../src/db/seed";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";

export interface RunningReviews extends ServiceUnderTest<ReviewsApp> {
  tokens: { alice: string; bob: string; ada: string };
  client(token?: string): Client<typeof ReviewsService>;
}

export async function startReviews(): Promise<RunningReviews> {
  const svc = await startServiceUnderTest({
    service: "reviews",
    migrate: reviewsService.migrations.migrate,
    build: (env) => reviewsService.build(loadReviewsConfig(env), createLogger("reviews", "silent")),
    seed: (app) => seedReviews(app.pool),
  });
  const kc = testKeycloak();
  const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  return {
    ...svc,
    tokens: { alice, bob, ada },
    client: (token) =>
      createClient(ReviewsService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
  };
}

import {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  rpcOutcome,
  serviceToken,
  testKeycloak,
  type EntryPoint,
  type Identity,
  type MatrixTokens,
} from "@emporium/testing";
import { startReviews, type RunningReviews } from "./reviews-harness";

/** Reviews' rows of the authorization harness. */
let svc: RunningReviews;
let n = 0;
const everyone: Identity[] = ["anonymous", "customer", "admin", "service"];
const people: Identity[] = ["customer", "admin"];
const PRODUCT = "0192f000-0000-7000-8000-000000000001";

/**
 * The caller's own review, where they can have one (anonymous and service callers cannot): a
 * refusal must be for who is asking, not NOT_FOUND for a review that is not theirs.
 */
const ownReviewId = (t: string | undefined): Promise<string> =>
  t
    ? svc
        .client(t)
        .postReview({ productId: `own-${process.pid}-${++n}`, rating: 3, body: "mine" })
        .then(
          (r) => r.review!.id,
          () => "none",
        )
    : Promise.resolve("none");

const entryPoints: EntryPoint[] = [
  {
    name: "rpc PostReview",
    allowed: people,
    call: (t) =>
      rpcOutcome(svc.client(t).postReview({ productId: `matrix-${process.pid}-${++n}`, rating: 3, body: "matrix" })),
  },
  {
    name: "rpc EditMyReview (own review)",
    allowed: people,
    call: async (t) => rpcOutcome(svc.client(t).editMyReview({ reviewId: await ownReviewId(t), rating: 4 })),
  },
  {
    name: "rpc DeleteMyReview (own review)",
    allowed: people,
    call: async (t) => rpcOutcome(svc.client(t).deleteMyReview({ reviewId: await ownReviewId(t) })),
  },
  {
    name: "rpc ListProductReviews",
    allowed: everyone,
    call: (t) => rpcOutcome(svc.client(t).listProductReviews({ productId: PRODUCT })),
  },
  {
    name: "rpc BatchGetRatingSummaries",
    allowed: everyone,
    call: (t) => rpcOutcome(svc.client(t).batchGetRatingSummaries({ productIds: [PRODUCT] })),
  },
  {
    name: "subgraph Product.reviews and rating",
    allowed: everyone,
    call: async (t) =>
      graphqlOutcome(
        await fetch(`${svc.httpUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify({
            query: `{ _entities(representations: [{ __typename: "Product", id: "${PRODUCT}" }]) { ... on Product { rating { count } reviews { edges { node { id } } } } } }`,
          }),
        }),
      ),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startReviews();
  tokens = await matrixTokens(kc, {
    service: "bff-web",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "inventory") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { ALICE, BOB, startReviews, type RunningReviews } from "./reviews-harness";

const PRODUCT = "0192f000-0000-7000-8000-000000000001"; // seeded: reviewed by alice, bob and ada

describe("reviews", () => {
  let svc: RunningReviews;
  beforeAll(async () => {
    svc = await startReviews();
  });
  afterAll(() => svc.stop());

  it("one review per customer per product: a second one is ALREADY_EXISTS", async () => {
    const product = `p-${Date.now()}`;
    const first = (await svc.client(svc.tokens.alice).postReview({ productId: product, rating: 4, body: "Good." }))
      .review!;
    expect(first).toMatchObject({ productId: product, authorId: ALICE, rating: 4 });
    const again = await rpcError(
      svc.client(svc.tokens.alice).postReview({ productId: product, rating: 1, body: "Changed my mind." }),
    );
    expect(again.code).toBe(Code.AlreadyExists);
    expect((await svc.client().listProductReviews({ productId: product })).reviews).toHaveLength(1);
  });

  it("refuses invalid input with InvalidArgument and violations, writing nothing", async () => {
    const product = `p-invalid-${Date.now()}`;
    const err = await rpcError(
      svc.client(svc.tokens.alice).postReview({ productId: product, rating: 6, body: "", title: "x".repeat(121) }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(err)
        .map((v) => v.field)
        .sort(),
    ).toEqual(["body", "rating", "title"]);
    expect((await svc.client().listProductReviews({ productId: product })).reviews).toHaveLength(0);
  });

  it("refuses an invalid edit with violations, changing nothing", async () => {
    const mine = (await svc.client().listProductReviews({ productId: PRODUCT, pageSize: 50 })).reviews.find(
      (r) => r.authorId === ALICE,
    )!;
    const err = await rpcError(svc.client(svc.tokens.alice).editMyReview({ reviewId: mine.id, rating: 9, body: "" }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(err)
        .map((v) => v.field)
        .sort(),
    ).toEqual(["body", "rating"]);
    expect(
      (await svc.client().listProductReviews({ productId: PRODUCT, pageSize: 50 })).reviews.find(
        (r) => r.id === mine.id,
      ),
    ).toEqual(mine);
  });

  it("refuses an invalid delete with violations, deleting nothing and recording no event", async () => {
    const state = async () =>
      (
        await svc.app.pool.query(
          "SELECT (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM outbox) AS events",
        )
      ).rows[0];
    const before = await state();
    for (const [reviewId, ruleId] of [
      ["", "string.min_len"],
      ["r".repeat(65), "string.max_len"],
    ] as const) {
      const err = await rpcError(svc.client(svc.tokens.alice).deleteMyReview({ reviewId }));
      expect(err.code).toBe(Code.InvalidArgument);
      expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "review_id", ruleId })]);
    }
    expect(await state()).toEqual(before);
  });

  it("A cannot edit or delete B's review: NOT_FOUND, and B's review is unchanged", async () => {
    const bobs = (await svc.client().listProductReviews({ productId: PRODUCT, pageSize: 50 })).reviews.find(
      (r) => r.authorId === BOB,
    )!;
    expect(
      (await rpcError(svc.client(svc.tokens.alice).editMyReview({ reviewId: bobs.id, rating: 1, body: "hijacked" })))
        .code,
    ).toBe(Code.NotFound);
    expect((await rpcError(svc.client(svc.tokens.alice).deleteMyReview({ reviewId: bobs.id }))).code).toBe(
      Code.NotFound,
    );
    const after = (await svc.client().listProductReviews({ productId: PRODUCT, pageSize: 50 })).reviews.find(
      (r) => r.id === bobs.id,
    )!;
    expect(after).toMatchObject({ rating: bobs.rating, body: bobs.body });
    // Bob can.
    expect((await svc.client(svc.tokens.bob).editMyReview({ reviewId: bobs.id, rating: 5 })).review!.rating).toBe(5);
  });

  it("pages a product's reviews newest first, and refuses a token of another product", async () => {
    const first = await svc.client().listProductReviews({ productId: PRODUCT, pageSize: 2 });
    const second = await svc
      .client()
      .listProductReviews({ productId: PRODUCT, pageSize: 2, pageToken: first.nextPageToken });
    expect(first.reviews).toHaveLength(2);
    expect(second.reviews.length).toBeGreaterThan(0);
    expect(new Set([...first.reviews, ...second.reviews].map((r) => r.id)).size).toBe(
      first.reviews.length + second.reviews.length,
    );
    const all = [...first.reviews, ...second.reviews].map((r) => Number(r.createTime!.seconds));
    expect(all).toEqual([...all].sort((a, b) => b - a));
    const wrong = await rpcError(
      svc.client().listProductReviews({ productId: "other", pageToken: first.nextPageToken }),
    );
    expect(wrong.code).toBe(Code.InvalidArgument);
  });

  it("summarises ratings in batch, zero for unreviewed products", async () => {
    const { summaries } = await svc.client().batchGetRatingSummaries({ productIds: [PRODUCT, "never-reviewed"] });
    expect(summaries.map((s) => [s.productId, s.count])).toEqual([
      [PRODUCT, 3n],
      ["never-reviewed", 0n],
    ]);
    expect(summaries[0]!.average).toBeGreaterThanOrEqual(4);
  });

  it("resolves 50 products' first reviews and ratings with one query each, authors as Customer references", async () => {
    const query = jest.spyOn(svc.app.pool, "query");
    try {
      const reps = Array.from({ length: 50 }, (_, i) => ({
        __typename: "Product",
        id: i === 0 ? PRODUCT : `p-none-${i}`,
      }));
      const { body } = await svc.graphql<{
        _entities: Array<{
          rating: { count: number } | null;
          reviews: { edges: Array<{ node: { rating: number; author: { id: string } } }> };
        }>;
      }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { rating { average count } reviews(first: 2) { edges { node { rating author { id } } } pageInfo { hasNextPage } } } } }`,
        { r: reps },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!._entities[0]!.rating!.count).toBe(3);
      expect(body.data!._entities[0]!.reviews.edges).toHaveLength(2);
      expect(body.data!._entities[1]!.rating).toBeNull();
      // Storage lookups only: the readiness probe's "SELECT 1" may tick in between.
      expect(query.mock.calls.filter(([sql]) => sql !== "SELECT 1")).toHaveLength(2);
    } finally {
      query.mockRestore();
    }
  });
});

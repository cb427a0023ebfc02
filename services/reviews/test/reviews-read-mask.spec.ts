import { Code } from "@connectrpc/connect";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson } from "@emporium/testing";
import { startReviews, type RunningReviews } from "./reviews-harness";

describe("reviews read masks (on the wire)", () => {
  const product = `p-mask-${Date.now()}`;
  let svc: RunningReviews;
  beforeAll(async () => {
    svc = await startReviews();
    await svc.app.pool.query(
      `INSERT INTO reviews (id, product_id, author_id, rating, title, body, create_time, update_time)
       VALUES ('rm-1', $1, 'author-1', 4, 'Good', 'Fits well.', now() - interval '1 second', now()),
              ('rm-2', $1, 'author-2', 2, 'Meh', 'Too small.', now() - interval '2 seconds', now())`,
      [product],
    );
  });
  afterAll(() => svc.stop());

  it("sends only the selected fields of each review, and the page token still works", async () => {
    const { status, body } = await rpcJson(svc.httpUrl, ReviewsService.method.listProductReviews, {
      productId: product,
      pageSize: 1,
      readMask: { paths: ["rating", "title"] },
    });
    expect(status).toBe(200);
    expect(body).toEqual({ reviews: [{ rating: 4, title: "Good" }], nextPageToken: expect.any(String) });
    const next = await rpcJson(svc.httpUrl, ReviewsService.method.listProductReviews, {
      productId: product,
      pageToken: body["nextPageToken"] as string,
      readMask: { paths: ["id"] },
    });
    expect(next.body).toEqual({ reviews: [{ id: "rm-2" }] });
  });

  it("sends only the selected fields of each rating summary", async () => {
    const { body } = await rpcJson(svc.httpUrl, ReviewsService.method.batchGetRatingSummaries, {
      productIds: [product],
      readMask: { paths: ["average"] },
    });
    expect(body).toEqual({ summaries: [{ average: 3 }] });
    const full = await rpcJson(svc.httpUrl, ReviewsService.method.batchGetRatingSummaries, { productIds: [product] });
    expect(full.body).toEqual({ summaries: [{ productId: product, average: 3, count: "2" }] });
  });

  it("refuses an unknown path with INVALID_ARGUMENT naming it", async () => {
    const err = await rpcError(
      svc.client().listProductReviews({ productId: product, readMask: { paths: ["author.name"] } }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toContain('unknown field path "author.name"');
    expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "read_mask", ruleId: "read_mask.paths" })]);
  });
});

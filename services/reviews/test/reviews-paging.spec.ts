import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { startReviews, type RunningReviews } from "./reviews-harness";

type Reviews = {
  _entities: Array<{ reviews: { edges: Array<{ cursor: string }>; pageInfo: { hasNextPage: boolean } } }>;
};
const reviewsOf = (productId: string, args: string) =>
  `query { _entities(representations: [{ __typename: "Product", id: "${productId}" }]) {
    ... on Product { reviews(${args}) { edges { cursor } pageInfo { hasNextPage } } } } }`;

/** Page sizes follow docs/conventions.md like every other list: 20 by default, at most 100. */
describe("paging a product's reviews", () => {
  const product = `p-paging-${Date.now()}`;
  let svc: RunningReviews;
  beforeAll(async () => {
    svc = await startReviews();
    // 101 reviews by 101 people, one second apart: one more than the largest page.
    await svc.app.pool.query(
      `INSERT INTO reviews (id, product_id, author_id, rating, body, create_time, update_time)
       SELECT 'r-' || n, $1, 'author-' || n, 1 + n % 5, 'Fine.', t, t
       FROM generate_series(1, 101) AS n, LATERAL (SELECT now() - n * interval '1 second' AS t) AS at`,
      [product],
    );
  });
  afterAll(() => svc.stop());

  it("RPC: 20 reviews when page_size is 0, with a token for the rest", async () => {
    const page = await svc.client().listProductReviews({ productId: product });
    expect(page.reviews).toHaveLength(20);
    expect(page.nextPageToken).not.toBe("");
  });

  it("RPC: up to 100 per page, then the last one, then no token", async () => {
    const first = await svc.client().listProductReviews({ productId: product, pageSize: 100 });
    expect(first.reviews).toHaveLength(100);
    const rest = await svc
      .client()
      .listProductReviews({ productId: product, pageSize: 100, pageToken: first.nextPageToken });
    expect(rest.reviews.map((r) => r.id)).toEqual(["r-101"]);
    expect(rest.nextPageToken).toBe("");
  });

  it("RPC: a page_size above 100 is InvalidArgument on page_size", async () => {
    const err = await rpcError(svc.client().listProductReviews({ productId: product, pageSize: 101 }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err)).toEqual([
      {
        field: "page_size",
        ruleId: "int32.gte_lte",
        message: "must be greater than or equal to 0 and less than or equal to 100",
      },
    ]);
  });

  it("GraphQL: first up to 100, also after a cursor", async () => {
    const { body } = await svc.graphql<Reviews>(reviewsOf(product, "first: 100"));
    expect(body.errors).toBeUndefined();
    const first = body.data!._entities[0]!.reviews;
    expect([first.edges.length, first.pageInfo.hasNextPage]).toEqual([100, true]);
    const after = await svc.graphql<Reviews>(reviewsOf(product, `first: 100, after: "${first.edges[0]!.cursor}"`));
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data!._entities[0]!.reviews.edges).toHaveLength(100);
  });

  it("GraphQL: first above 100 is refused at the edge (maxListSize), below 1 is BAD_USER_INPUT on first", async () => {
    const above = await svc.graphql(reviewsOf(product, "first: 101"));
    expect(above.body.errors![0]!.extensions).toMatchObject({
      code: "GRAPHQL_LIMIT_EXCEEDED",
      limit: "maxListSize",
      max: 100,
      actual: 101,
    });
    const { body } = await svc.graphql(reviewsOf(product, "first: 0"));
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [{ field: "first", ruleId: "first.range", message: "must be between 1 and 100" }],
    });
  });

  it("GraphQL: a cursor of another product's reviews is BAD_USER_INPUT on after, saying to start again", async () => {
    const { body } = await svc.graphql<Reviews>(reviewsOf(product, "first: 1"));
    const cursor = body.data!._entities[0]!.reviews.edges[0]!.cursor;
    const foreign = await svc.graphql(reviewsOf(`${product}-other`, `first: 1, after: "${cursor}"`));
    expect(foreign.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [expect.objectContaining({ field: "after", ruleId: "page_token.valid" })],
    });
    expect(foreign.body.errors![0]!.message).toMatch(/start again without it/);
  });
});

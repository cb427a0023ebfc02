import { SERVICES } from "@emporium/registry";
import { gatewayQuery, graphqlQuery, startPlatform, type RunningPlatform } from "@emporium/testing";

type Page = {
  products: {
    edges: Array<{
      node: {
        name: string;
        availability: { inStock: boolean } | null;
        rating: { count: number } | null;
        reviews: { edges: Array<{ node: { author: { displayName: string } | null } }> };
      };
    }>;
  };
};

/**
 * The whole platform in production mode (`EMPORIUM_ENV=production` for the services, the gateway and
 * the BFFs), started once for every production check: the machine runs one platform at a time.
 */
let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, { env: { EMPORIUM_ENV: "production" } });
}, 300_000);
afterAll(() => platform?.stop());

/**
 * Each subgraph answers the gateway only, and a query the gateway plans across several of them still
 * works, because the gateway sends its own token on every fetch and every service accepts it.
 */
describe("production: the subgraphs answer the gateway only", () => {
  it("serves a query across catalog, inventory, reviews and customers through the gateway", async () => {
    const { status, body } = await gatewayQuery<Page>(
      platform.gatewayUrl,
      `{ products(first: 8, filter: { categoryId: "cat-kitchen" }) { edges { node { name availability { inStock }
          rating { count } reviews(first: 2) { edges { node { author { displayName } } } } } } } }`,
    );

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const skillet = body.data!.products.edges.map((e) => e.node).find((n) => n.name === "Cast Iron Skillet")!;
    expect(skillet.availability).not.toBeNull();
    expect(skillet.rating).toMatchObject({ count: 3 });
    expect(skillet.reviews.edges.map((e) => e.node.author?.displayName)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
  });

  it.each(SERVICES.filter((s) => s.subgraph).map((s) => s.name))(
    "refuses a direct call to the %s subgraph with 403 FORBIDDEN",
    async (name) => {
      const { status, body } = await graphqlQuery(platform.services[name].httpUrl, "{ __typename }");

      expect(status).toBe(403);
      expect(body.errors).toEqual([
        {
          message: expect.stringContaining("this subgraph answers the gateway only"),
          extensions: { code: "FORBIDDEN", requestId: expect.any(String) },
        },
      ]);
    },
  );
});

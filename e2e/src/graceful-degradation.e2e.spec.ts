import { graphqlQuery, startPlatform, type RunningPlatform } from "@emporium/testing";

type ErrorEntry = { message: string; extensions?: Record<string, unknown> };

/** The product page of each edge: products with prices and stock from catalog and inventory, ratings from reviews. */
const PAGES = {
  gateway: `query ($id: ID!) {
    product(id: $id) { id name skus { price { amount } } availability { inStock } rating { average } reviews(first: 3) { edges { node { title } } } }
    products(first: 6) { edges { node { id skus { price { amount } } availability { inStock } rating { average } } } }
  }`,
  web: `query ($id: ID!) {
    product(id: $id) { id name priceRange { min { amountMinor } } availability { inStock } rating { average } reviews(first: 3) { edges { node { title } } } }
    products(first: 6) { edges { node { id fromPrice { amountMinor } inStock rating { average } } } }
  }`,
  mobile: `query ($id: ID!) {
    productScreen(id: $id) { id name price { formatted } inStock rating { average } reviews(first: 3) { title } }
  }`,
} as const;

type Edge = keyof typeof PAGES;

describe("graceful degradation: the product page without reviews", () => {
  let platform: RunningPlatform;
  let productId: string;
  const urlOf = (edge: Edge) =>
    ({ gateway: platform.gatewayUrl, web: platform.bffWebUrl, mobile: platform.bffMobileUrl })[edge];
  const page = (edge: Edge) => graphqlQuery(urlOf(edge), PAGES[edge], { id: productId });
  const readyz = (edge: Edge) => fetch(`${urlOf(edge)}/readyz`);

  beforeAll(async () => {
    // A short subgraph deadline: a frozen reviews process costs a request this long, not 5 s, until
    // two failures in a row open the breaker and the next ones are refused without waiting.
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
      env: { EMPORIUM_GATEWAY_SUBGRAPH_TIMEOUT_MS: "1500", EMPORIUM_UPSTREAM_REVIEWS_BREAKER_THRESHOLD: "2" },
      bffEnv: { EMPORIUM_BFF_WEB_CALL_TIMEOUT_MS: "1500", EMPORIUM_BFF_MOBILE_CALL_TIMEOUT_MS: "1500" },
    });
    const { body } = await graphqlQuery<{ products: { edges: Array<{ node: { id: string } }> } }>(
      platform.gatewayUrl,
      `{ products(first: 1) { edges { node { id } } } }`,
    );
    productId = body.data!.products.edges[0]!.node.id;
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
  });

  /** Products, prices and stock are there; every rating and review list is null; reviews is reported once. */
  async function expectDegradedPage(edge: Edge) {
    const { status, body } = await page(edge);
    expect(status).toBe(200);
    const unavailable = (body.errors ?? []) as ErrorEntry[];
    expect(unavailable).toEqual([
      expect.objectContaining({
        message: "the reviews service cannot be reached right now; retry shortly",
        extensions: expect.objectContaining({ code: "UNAVAILABLE" }),
      }),
    ]);
    expect(JSON.stringify(unavailable)).not.toMatch(/stack|fetch failed|abort/i);
    const data = body.data as Record<string, unknown>;
    const product = (edge === "mobile" ? data.productScreen : data.product) as Record<string, unknown>;
    expect(product).toMatchObject({ id: productId, rating: null, reviews: null });
    expect(product.name).toEqual(expect.any(String));
    if (edge === "mobile") expect(product).toMatchObject({ price: { formatted: expect.any(String) } });
    if (edge === "gateway") expect(product.availability).toEqual({ inStock: expect.any(Boolean) });
    if (edge !== "mobile") {
      const nodes = (data.products as { edges: Array<{ node: Record<string, unknown> }> }).edges.map((e) => e.node);
      expect(nodes).toHaveLength(6);
      expect(nodes.every((n) => n.rating === null)).toBe(true);
    }
  }

  it("with reviews up, the page answers without errors (the baseline the others degrade from)", async () => {
    for (const edge of ["gateway", "web", "mobile"] as const) {
      const { body } = await page(edge);
      expect(body.errors).toBeUndefined();
    }
  });

  it("with reviews frozen (SIGSTOP), each edge answers within its deadline: products, null ratings, one UNAVAILABLE", async () => {
    const reviews = platform.services.reviews.process.child;
    reviews.kill("SIGSTOP");
    try {
      for (const edge of ["gateway", "web", "mobile"] as const) await expectDegradedPage(edge);
      // Two more: the breaker has seen enough, opens, and the page still degrades the same way.
      for (let i = 0; i < 2; i++) await expectDegradedPage("gateway");
      const ready = await readyz("gateway");
      expect(ready.status).toBe(200);
      const details = (await ready.json()) as { checks: Record<string, { breaker?: string }> };
      expect(details.checks.reviews?.breaker).toBe("open");
    } finally {
      reviews.kill("SIGCONT");
    }
  }, 120_000);

  it("with reviews stopped, every edge degrades the page and stays ready, showing reviews down in its details", async () => {
    await platform.restart("reviews", {
      kill: "SIGTERM",
      whileDown: async () => {
        for (const edge of ["gateway", "web", "mobile"] as const) {
          await expectDegradedPage(edge);
          const res = await readyz(edge);
          expect(res.status).toBe(200);
          const details = (await res.json()) as { checks: Record<string, { ok: boolean; required: boolean }> };
          expect(details.checks.reviews).toMatchObject({ ok: false, required: false });
          expect(details.checks.catalog).toMatchObject({ ok: true, required: true });
        }
      },
    });
  }, 180_000);

  it("with catalog stopped, the gateway codes the failure UNAVAILABLE (not INTERNAL_SERVER_ERROR) and is not ready", async () => {
    await platform.restart("catalog", {
      kill: "SIGTERM",
      whileDown: async () => {
        const { body } = await page("gateway");
        expect(body.data).toBeNull();
        expect(body.errors).toEqual([
          expect.objectContaining({
            message: "the catalog service cannot be reached right now; retry shortly",
            extensions: expect.objectContaining({ code: "UNAVAILABLE" }),
          }),
        ]);
        expect((await readyz("gateway")).status).toBe(503);
        expect((await readyz("web")).status).toBe(503);
      },
    });
  }, 180_000);
});

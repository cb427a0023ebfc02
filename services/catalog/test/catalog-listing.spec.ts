import { Code } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  PriceBand,
  ProductSort,
  type ListProductsRequestSchema,
} from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { seedCategories, seedProducts, seedSoldOutProducts } from "../src/db/seed-data";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

/** What a listing needs to know of a product, worked out from the seed, not read from the database. */
interface Known {
  id: string;
  name: string;
  categoryId: string;
  lowest: number;
  inStock: boolean;
  seeded: boolean;
}

const BANDS: Array<[PriceBand, (minor: number) => boolean]> = [
  [PriceBand.UNDER_25, (m) => m < 2500],
  [PriceBand.FROM_25_TO_50, (m) => m >= 2500 && m < 5000],
  [PriceBand.FROM_50_TO_100, (m) => m >= 5000 && m < 10000],
  [PriceBand.FROM_100, (m) => m >= 10000],
];
const bandOf = (minor: number) => BANDS.find(([, within]) => within(minor))![0];
const byId = (a: Known, b: Known) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

type ListRequest = MessageInitShape<typeof ListProductsRequestSchema>;

describe("ListProducts: sorting, facet filters and facet counts", () => {
  let catalog: RunningCatalog;
  let known: Known[];

  /** Every product of the listing, page by page, with the page tokens checked on the way. */
  async function listAll(request: ListRequest, pageSize = 7): Promise<string[]> {
    const ids: string[] = [];
    let pageToken = "";
    do {
      const res = await catalog.client().listProducts({ ...request, pageSize, pageToken });
      expect(res.products.length).toBeLessThanOrEqual(pageSize);
      ids.push(...res.products.map((p) => p.id));
      pageToken = res.nextPageToken;
    } while (pageToken);
    return ids;
  }

  beforeAll(async () => {
    catalog = await startCatalog();
    known = seedProducts.map((p) => ({
      id: p.id,
      name: p.name,
      categoryId: p.categoryId,
      lowest: Math.min(...p.skus.map((s) => s.priceMinor)),
      inStock: !seedSoldOutProducts.has(p.id),
      seeded: true,
    }));
    // Three products created now: the newest, one of them dearer than anything seeded. Inventory
    // has never stocked them, so they are not in stock.
    for (const [i, price] of [1999n, 25000n, 4200n].entries()) {
      const { product } = await catalog.admin.createProduct({
        name: `Listing Lantern ${i}`,
        description: "A lantern for the listing spec.",
        categoryId: "cat-outdoor",
        skus: [{ code: `LISTING-LANTERN-${i}`, name: "Lantern", price: { currencyCode: "EUR", amountMinor: price } }],
      });
      known.push({
        id: product!.id,
        name: product!.name,
        categoryId: "cat-outdoor",
        lowest: Number(price),
        inStock: false,
        seeded: false,
      });
    }
  });
  afterAll(() => catalog.stop());

  describe("each order pages through every product exactly once, in that order", () => {
    it("NAME: A to Z, ties by id", async () => {
      const expected = [...known].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b)));
      expect(await listAll({ sort: ProductSort.NAME })).toEqual(expected.map((p) => p.id));
    });

    it("PRICE_ASC and PRICE_DESC: by the lowest SKU price, ties by id the same way", async () => {
      const asc = [...known].sort((a, b) => a.lowest - b.lowest || byId(a, b));
      expect(await listAll({ sort: ProductSort.PRICE_ASC })).toEqual(asc.map((p) => p.id));
      expect(await listAll({ sort: ProductSort.PRICE_DESC }, 5)).toEqual(asc.reverse().map((p) => p.id));
    });

    it("each product carries its lowest price, the key of the price orders", async () => {
      const res = await catalog.client().listProducts({ sort: ProductSort.PRICE_DESC, pageSize: 100 });
      const lowest = new Map(known.map((p) => [p.id, p.lowest]));
      for (const p of res.products)
        expect([p.id, p.lowestPrice]).toEqual([
          p.id,
          expect.objectContaining({ currencyCode: "EUR", amountMinor: BigInt(lowest.get(p.id)!) }),
        ]);
      const { body } = await catalog.graphql<{ product: { lowestPrice: { amountMinor: string } } }>(
        `query($id: ID!) { product(id: $id) { lowestPrice { amountMinor } } }`,
        { id: known[0]!.id },
      );
      expect(body.data!.product.lowestPrice.amountMinor).toBe(String(known[0]!.lowest));
    });

    it("NEWEST: the products created last first, then the seed (created together) by id, descending", async () => {
      const created = known.filter((p) => !p.seeded).map((p) => p.id);
      const seeded = known.filter((p) => p.seeded).sort(byId);
      expect(await listAll({ sort: ProductSort.NEWEST }, 6)).toEqual([
        ...created.reverse(),
        ...seeded.reverse().map((p) => p.id),
      ]);
    });

    it("RELEVANCE, the default with a query: every match once across pages of two", async () => {
      const ids = await listAll({ query: "coffee", sort: ProductSort.RELEVANCE }, 2);
      const unsorted = await listAll({ query: "coffee" }, 100);
      expect(ids).toEqual(unsorted);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(3);
    });

    it("a sort combines with a query and the filters", async () => {
      const ids = await listAll({
        query: "lantern",
        sort: ProductSort.PRICE_DESC,
        priceBands: [PriceBand.UNDER_25, PriceBand.FROM_100],
      });
      const expected = known
        .filter((p) => /lantern/i.test(p.name) && [PriceBand.UNDER_25, PriceBand.FROM_100].includes(bandOf(p.lowest)))
        .sort((a, b) => b.lowest - a.lowest || byId(b, a));
      expect(ids).toEqual(expected.map((p) => p.id));
      expect(ids.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe("filters", () => {
    it("price bands, category and stock narrow the listing to exactly the matching products", async () => {
      const cases: Array<[ListRequest, (p: Known) => boolean]> = [
        [{ priceBands: [PriceBand.FROM_25_TO_50] }, (p) => bandOf(p.lowest) === PriceBand.FROM_25_TO_50],
        [{ priceBands: [PriceBand.FROM_100] }, (p) => p.lowest >= 10000],
        [{ inStock: false }, (p) => !p.inStock],
        [{ inStock: true, categoryId: "cat-outdoor" }, (p) => p.inStock && p.categoryId === "cat-outdoor"],
        [
          { categoryId: "cat-kitchen", priceBands: [PriceBand.UNDER_25, PriceBand.FROM_50_TO_100], inStock: true },
          (p) =>
            p.categoryId === "cat-kitchen" &&
            p.inStock &&
            [PriceBand.UNDER_25, PriceBand.FROM_50_TO_100].includes(bandOf(p.lowest)),
        ],
      ];
      for (const [request, matches] of cases) {
        const ids = await listAll({ ...request, sort: ProductSort.PRICE_ASC }, 10);
        const expected = known.filter(matches).sort((a, b) => a.lowest - b.lowest || byId(a, b));
        expect({ request, ids }).toEqual({ request, ids: expected.map((p) => p.id) });
      }
    });
  });

  describe("facet counts", () => {
    function expectedFacets(filter: { categoryId?: string; bands?: PriceBand[]; inStock?: boolean }) {
      const inCategory = (p: Known) => !filter.categoryId || p.categoryId === filter.categoryId;
      const inBands = (p: Known) => !filter.bands?.length || filter.bands.includes(bandOf(p.lowest));
      const inStock = (p: Known) => filter.inStock === undefined || p.inStock === filter.inStock;
      const countBy = <K>(rows: Known[], key: (p: Known) => K) =>
        rows.reduce((m, p) => m.set(key(p), (m.get(key(p)) ?? 0) + 1), new Map<K, number>());
      const forCategories = countBy(
        known.filter((p) => inBands(p) && inStock(p)),
        (p) => p.categoryId,
      );
      const forBands = countBy(
        known.filter((p) => inCategory(p) && inStock(p)),
        (p) => bandOf(p.lowest),
      );
      const forStock = countBy(
        known.filter((p) => inCategory(p) && inBands(p)),
        (p) => p.inStock,
      );
      return {
        categories: seedCategories
          .filter((c) => forCategories.has(c.id))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((c) => ({ categoryId: c.id, name: c.name, count: forCategories.get(c.id) })),
        priceBands: BANDS.map(([band]) => ({ band, count: forBands.get(band) ?? 0 })),
        inStock: forStock.get(true) ?? 0,
        outOfStock: forStock.get(false) ?? 0,
      };
    }

    it("without filters they count every product; the bands are fixed and documented", async () => {
      const res = await catalog.client().listProducts({ includeFacets: true, pageSize: 1 });
      expect(res.products).toHaveLength(1);
      expect(res.facets).toMatchObject(expectedFacets({}));
      expect(res.facets!.priceBands.map((b) => [b.minMinor, b.maxMinor])).toEqual([
        [0n, 2500n],
        [2500n, 5000n],
        [5000n, 10000n],
        [10000n, undefined],
      ]);
      expect(res.facets!.inStock + res.facets!.outOfStock).toBe(known.length);
    });

    it("each facet ignores its own filter and applies the others", async () => {
      const filter = { categoryId: "cat-kitchen", bands: [PriceBand.FROM_25_TO_50], inStock: true };
      const res = await catalog.client().listProducts({
        categoryId: filter.categoryId,
        priceBands: filter.bands,
        inStock: filter.inStock,
        includeFacets: true,
      });
      const expected = expectedFacets(filter);
      expect(res.facets).toMatchObject(expected);
      // The page holds exactly what every filter together lets through.
      expect(res.products).toHaveLength(
        known.filter((p) => p.categoryId === "cat-kitchen" && p.inStock && bandOf(p.lowest) === PriceBand.FROM_25_TO_50)
          .length,
      );
      // Sanity of the data set: the case really exercises every facet.
      expect(expected.categories.length).toBeGreaterThan(1);
      expect(expected.priceBands.filter((b) => b.count > 0).length).toBeGreaterThan(1);
    });

    it("a query narrows every facet; out-of-stock products are counted as such", async () => {
      const res = await catalog.client().listProducts({ query: "lantern", includeFacets: true, inStock: true });
      expect(res.products).toEqual([]);
      expect(res.facets).toMatchObject({ inStock: 0, outOfStock: 3, categories: [] });
      expect(res.facets!.priceBands.map((b) => b.count)).toEqual([0, 0, 0, 0]);
    });

    it("are not computed when not asked for: no facets in the answer, no facet query", async () => {
      const before = await catalog.app.deps.reads.count("facets");
      const res = await catalog.client().listProducts({ priceBands: [PriceBand.UNDER_25] });
      expect(res.facets).toBeUndefined();
      expect(await catalog.app.deps.reads.count("facets")).toBe(before);
      await catalog.client().listProducts({ includeFacets: true });
      expect(await catalog.app.deps.reads.count("facets")).toBe(before + 1);
    });
  });

  describe("bad input gets a coded error naming the field", () => {
    async function refused(request: ListRequest) {
      const err = await rpcError(catalog.client().listProducts(request));
      expect(err.code).toBe(Code.InvalidArgument);
      return violationsOf(err);
    }

    it("an unknown sort", async () => {
      expect(await refused({ sort: 42 as ProductSort })).toEqual([
        expect.objectContaining({ field: "sort", ruleId: "enum.defined_only" }),
      ]);
    });

    it("RELEVANCE without a query", async () => {
      expect(await refused({ sort: ProductSort.RELEVANCE })).toEqual([
        { field: "sort", ruleId: "sort.relevance_query", message: "sorting by relevance needs a query" },
      ]);
    });

    it("an unknown or unspecified price band, and a band given twice", async () => {
      expect(await refused({ priceBands: [PriceBand.UNDER_25, 9 as PriceBand] })).toEqual([
        expect.objectContaining({ field: "price_bands[1]", ruleId: "enum.defined_only" }),
      ]);
      expect(await refused({ priceBands: [PriceBand.UNSPECIFIED] })).toEqual([
        expect.objectContaining({ field: "price_bands[0]", ruleId: "enum.not_in" }),
      ]);
      expect(await refused({ priceBands: [PriceBand.FROM_100, PriceBand.FROM_100] })).toEqual([
        expect.objectContaining({ field: "price_bands", ruleId: "repeated.unique" }),
      ]);
    });

    it("a page token of another sort, or of the same sort with other filters", async () => {
      const byName = await catalog.client().listProducts({ sort: ProductSort.NAME, pageSize: 3 });
      const tokenRule = [expect.objectContaining({ field: "page_token", ruleId: "page_token.valid" })];
      expect(await refused({ sort: ProductSort.PRICE_ASC, pageToken: byName.nextPageToken })).toEqual(tokenRule);
      expect(await refused({ sort: ProductSort.NEWEST, pageToken: byName.nextPageToken })).toEqual(tokenRule);
      expect(await refused({ sort: ProductSort.NAME, inStock: true, pageToken: byName.nextPageToken })).toEqual(
        tokenRule,
      );
      // Unspecified without a query is NAME: the same list, so the token is good.
      const next = await catalog.client().listProducts({ pageSize: 3, pageToken: byName.nextPageToken });
      expect(next.products).toHaveLength(3);
    });
  });

  describe("the subgraph offers the same listing, for the gateway", () => {
    type Listing = {
      products: {
        edges: Array<{ node: { id: string; thumb: string | null } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        facets?: {
          categories: Array<{ category: { id: string; name: string }; count: number }>;
          priceBands: Array<{ band: string; minAmountMinor: string; maxAmountMinor: string | null; count: number }>;
          inStock: number;
          outOfStock: number;
        };
      };
    };
    const LISTING = `query($after: String, $sort: ProductSort, $filter: ProductFilter, $first: Int = 7) {
      products(first: $first, after: $after, sort: $sort, filter: $filter) {
        edges { node { id thumb: imageUrl(size: THUMB) } } pageInfo { hasNextPage endCursor } } }`;

    it("sorts and filters with cursors that page to the end", async () => {
      const ids: string[] = [];
      let after: string | null = null;
      const filter = { priceBands: ["UNDER_25", "FROM_100"], inStock: true };
      do {
        const res: { body: { data?: Listing | null; errors?: unknown } } = await catalog.graphql<Listing>(LISTING, {
          after,
          sort: "PRICE_DESC",
          filter,
        });
        expect(res.body.errors).toBeUndefined();
        ids.push(...res.body.data!.products.edges.map((e) => e.node.id));
        after = res.body.data!.products.pageInfo.hasNextPage ? res.body.data!.products.pageInfo.endCursor : null;
      } while (after);
      const expected = known
        .filter((p) => p.inStock && [PriceBand.UNDER_25, PriceBand.FROM_100].includes(bandOf(p.lowest)))
        .sort((a, b) => b.lowest - a.lowest || byId(b, a));
      expect(ids).toEqual(expected.map((p) => p.id));
    });

    it("loads SKUs and pictures for the nodes only when they are selected", async () => {
      const reads = catalog.app.deps.reads;
      const before = { skus: await reads.count("skus"), images: await reads.count("images") };
      const tiles = await catalog.graphql<Listing>(
        `{ products(first: 3, sort: NEWEST) { edges { node { id name lowestPrice { amount } } } } }`,
      );
      expect(tiles.body.errors).toBeUndefined();
      expect({ skus: await reads.count("skus"), images: await reads.count("images") }).toEqual(before);
      const withPrices = await catalog.graphql<{
        products: { edges: Array<{ node: { range: { min: { amountMinor: string } }; imageUrl: string } }> };
      }>(
        `fragment Tile on Product { range: priceRange { min { amountMinor } } imageUrl(size: SMALL) }
         { products(first: 3, sort: PRICE_ASC) { edges { node { ...Tile } } } }`,
      );
      expect(withPrices.body.errors).toBeUndefined();
      const cheapest = [...known].sort((a, b) => a.lowest - b.lowest || byId(a, b))[0]!;
      expect(withPrices.body.data!.products.edges[0]!.node.range.min.amountMinor).toBe(String(cheapest.lowest));
      expect({ skus: await reads.count("skus"), images: await reads.count("images") }).toEqual({
        skus: before.skus + 1,
        images: before.images + 1,
      });
    });

    it("counts facets only when they are selected", async () => {
      const before = await catalog.app.deps.reads.count("facets");
      const plain = await catalog.graphql<Listing>(LISTING, { sort: "NEWEST" });
      expect(plain.body.errors).toBeUndefined();
      expect(await catalog.app.deps.reads.count("facets")).toBe(before);
      const { body } = await catalog.graphql<Listing>(
        `query { products(first: 1, filter: { categoryId: "cat-kitchen", inStock: true }) {
           edges { node { id } }
           facets { categories { category { id name } count } priceBands { band minAmountMinor maxAmountMinor count }
                    inStock outOfStock } } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(await catalog.app.deps.reads.count("facets")).toBe(before + 1);
      const kitchen = known.filter((p) => p.categoryId === "cat-kitchen");
      expect(body.data!.products.facets).toMatchObject({
        inStock: kitchen.filter((p) => p.inStock).length,
        outOfStock: kitchen.filter((p) => !p.inStock).length,
      });
      expect(body.data!.products.facets!.priceBands[0]).toEqual({
        band: "UNDER_25",
        minAmountMinor: "0",
        maxAmountMinor: "2500",
        count: kitchen.filter((p) => p.inStock && p.lowest < 2500).length,
      });
      expect(body.data!.products.facets!.categories.find((c) => c.category.id === "cat-kitchen")?.count).toBe(
        kitchen.filter((p) => p.inStock).length,
      );
    });

    it("refuses RELEVANCE without a query and a cursor of another sort with BAD_USER_INPUT", async () => {
      const relevance = await catalog.graphql(LISTING, { sort: "RELEVANCE" });
      expect(relevance.body.errors![0]!.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        violations: [expect.objectContaining({ field: "sort", ruleId: "sort.relevance_query" })],
      });
      const first = await catalog.graphql<Listing>(LISTING, { sort: "NAME" });
      const other = await catalog.graphql(LISTING, {
        sort: "PRICE_ASC",
        after: first.body.data!.products.pageInfo.endCursor,
      });
      expect(other.body.errors![0]!.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        violations: [expect.objectContaining({ field: "after", ruleId: "page_token.valid" })],
      });
    });
  });
});

import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { seedProducts } from "../src/db/seed-data";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

/**
 * Read masks end to end: paths relative to Product (AIP-157), only those fields on the wire, and
 * nothing loaded that was not asked for, as the catalog's own /metrics counts it.
 */
describe("catalog read masks", () => {
  let catalog: RunningCatalog;
  beforeAll(async () => {
    catalog = await startCatalog();
  });
  afterAll(() => catalog.stop());

  /** `catalog_loads_total{part}` as the catalog's /metrics serves it. */
  async function loads(part: "skus" | "images" | "facets"): Promise<number> {
    const text = await (await fetch(`${catalog.httpUrl}/metrics`)).text();
    const line = text.match(new RegExp(`^catalog_loads_total\\{[^}]*part="${part}"[^}]*\\} (\\d+)`, "m"));
    if (!line) throw new Error(`no catalog_loads_total{part="${part}"} on /metrics`);
    return Number(line[1]);
  }

  /** Products as Connect JSON: the keys are exactly the fields that crossed the wire. */
  type WireProduct = Record<string, unknown> & {
    skus: Array<Record<string, unknown>>;
    images: Array<{ variants: Array<Record<string, unknown>> }>;
  };
  type WireAnswer = { products: WireProduct[]; product: WireProduct };

  /** A Connect unary call in JSON, as raw as it gets: the body is exactly what crossed the wire. */
  async function connectJson(method: string, body: unknown): Promise<{ status: number; json: WireAnswer }> {
    const res = await fetch(`${catalog.httpUrl}/emporium.catalog.v1.CatalogService/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as WireAnswer };
  }

  it("ListProducts without skus in the mask runs no SKU query and sends only the masked fields", async () => {
    const [skus, images] = [await loads("skus"), await loads("images")];
    // A product tile: name and "from" price, no SKUs.
    const { status, json } = await connectJson("ListProducts", { pageSize: 5, readMask: "id,name,lowestPrice" });
    expect(status).toBe(200);
    expect(json.products).toHaveLength(5);
    for (const product of json.products) expect(Object.keys(product).sort()).toEqual(["id", "lowestPrice", "name"]);
    expect([await loads("skus"), await loads("images")]).toEqual([skus, images]);
  });

  it("without a mask every field is there, and SKUs and pictures are loaded", async () => {
    const [skus, images] = [await loads("skus"), await loads("images")];
    const { json } = await connectJson("ListProducts", { pageSize: 2 });
    expect(Object.keys(json.products[0]!)).toEqual(
      expect.arrayContaining(["id", "name", "description", "categoryId", "skus", "images", "version"]),
    );
    expect([await loads("skus"), await loads("images")]).toEqual([skus + 1, images + 1]);
  });

  it("a nested path loads its part and keeps only the nested field", async () => {
    const [skus, images] = [await loads("skus"), await loads("images")];
    const seeded = seedProducts.find((p) => p.skus.length > 1)!;
    const { json } = await connectJson("GetProduct", { id: seeded.id, readMask: "skus.price,images.variants.url" });
    expect(Object.keys(json.product).sort()).toEqual(["images", "skus"]);
    expect(json.product.skus).toEqual(
      seeded.skus.map((s) => ({ price: { currencyCode: "EUR", amountMinor: String(s.priceMinor) } })),
    );
    expect(json.product.images[0]!.variants.map((v) => Object.keys(v))).toEqual([["url"], ["url"], ["url"], ["url"]]);
    expect([await loads("skus"), await loads("images")]).toEqual([skus + 1, images + 1]);
  });

  it("BatchGetProducts honours the mask per product, and images alone load no SKUs", async () => {
    const skus = await loads("skus");
    const ids = seedProducts.slice(0, 3).map((p) => p.id);
    const res = await catalog.client().batchGetProducts({ ids: [...ids, "missing"], readMask: { paths: ["images"] } });
    expect(res.products.map((p) => [p.id, p.name, p.skus.length, p.images.length])).toEqual([
      ["", "", 0, 2],
      ["", "", 0, 2],
      ["", "", 0, 2],
    ]);
    expect(res.missingIds).toEqual(["missing"]);
    expect(await loads("skus")).toBe(skus);
  });

  it("facets are counted only when asked, whatever the mask", async () => {
    const facets = await loads("facets");
    await catalog.client().listProducts({ readMask: { paths: ["id"] } });
    expect(await loads("facets")).toBe(facets);
    const res = await catalog.client().listProducts({ includeFacets: true, readMask: { paths: ["id"] } });
    expect(res.facets!.priceBands).toHaveLength(4);
    expect(await loads("facets")).toBe(facets + 1);
  });

  it("an unknown path is INVALID_ARGUMENT on read_mask, naming the path", async () => {
    const err = await rpcError(catalog.client().getProduct({ id: seedProducts[0]!.id, readMask: { paths: ["sku"] } }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err)).toEqual([
      expect.objectContaining({
        field: "read_mask",
        ruleId: "read_mask.paths",
        message: expect.stringContaining('"sku"'),
      }),
    ]);
  });
});

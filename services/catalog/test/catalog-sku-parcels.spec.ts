import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { seedProducts } from "../src/db/seed-data";
import { countRows, startCatalog, type RunningCatalog } from "./catalog-harness";

/** A SKU's packed weight and size: what shipping quotes are computed from. */
describe("catalog SKU weight and dimensions", () => {
  let catalog: RunningCatalog;
  let n = 0;
  beforeAll(async () => {
    catalog = await startCatalog();
  });
  afterAll(() => catalog.stop());

  const sku = (extra: Record<string, unknown> = {}) => ({
    code: `PARCEL-${++n}`,
    name: "Parcel test",
    price: { currencyCode: "EUR", amountMinor: 990n },
    ...extra,
  });
  const product = (skus: Array<Record<string, unknown>>) => ({
    name: "Parcel product",
    categoryId: "cat-kitchen",
    skus,
  });
  const parcelOf = (s: { weightGrams?: number; dimensions?: unknown }) => ({
    weightGrams: s.weightGrams,
    dimensions: s.dimensions && { ...(s.dimensions as object) },
  });

  it("every seeded SKU has a plausible weight and size, served as seeded", async () => {
    const { rows } = await catalog.app.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM skus WHERE weight_grams IS NULL OR length_mm IS NULL",
    );
    expect(rows[0]!.n).toBe(0);
    const seeded = seedProducts[0]!;
    const { product: read } = await catalog.client().getProduct({ id: seeded.id });
    expect(read!.skus.map(parcelOf)).toEqual(
      seeded.skus.map((s) => ({ weightGrams: s.weightGrams, dimensions: expect.objectContaining(s.dimensions) })),
    );
    for (const p of seedProducts)
      for (const s of p.skus) {
        expect(s.weightGrams).toBeGreaterThanOrEqual(50);
        expect(s.weightGrams).toBeLessThanOrEqual(20_000);
      }
  });

  it("CreateProduct stores a SKU's weight and size; a SKU without them has none", async () => {
    const dimensions = { lengthMm: 300, widthMm: 200, heightMm: 100 };
    const { product: created } = await catalog.admin.createProduct(
      product([sku({ weightGrams: 1250, dimensions }), sku()]),
    );
    const { product: read } = await catalog.client().getProduct({ id: created!.id });
    expect(read!.skus.map(parcelOf)).toEqual([
      { weightGrams: 1250, dimensions: expect.objectContaining(dimensions) },
      { weightGrams: undefined, dimensions: undefined },
    ]);
  });

  it("refuses a weight or a side out of bounds with every violation, writing nothing", async () => {
    const before = await countRows(catalog, "skus");
    const err = await rpcError(
      catalog.admin.createProduct(
        product([
          sku({ weightGrams: 0, dimensions: { lengthMm: 0, widthMm: 10, heightMm: 5001 } }),
          sku({ weightGrams: 1_000_001 }),
        ]),
      ),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err).map((v) => [v.field, v.ruleId])).toEqual(
      expect.arrayContaining([
        ["skus[0].weight_grams", "int32.gt_lte"],
        ["skus[0].dimensions.length_mm", "int32.gt_lte"],
        ["skus[0].dimensions.height_mm", "int32.gt_lte"],
        ["skus[1].weight_grams", "int32.gt_lte"],
      ]),
    );
    expect(await countRows(catalog, "skus")).toBe(before);
  });

  it("UpdateProduct sets the weight and size of existing SKUs and bumps the version once", async () => {
    const { product: created } = await catalog.admin.createProduct(product([sku(), sku()]));
    const [a, b] = created!.skus;
    const dimensions = { lengthMm: 120, widthMm: 80, heightMm: 40 };
    const { product: updated } = await catalog.admin.updateProduct({
      id: created!.id,
      parcels: [{ skuId: b!.id, weightGrams: 480, dimensions }],
    });
    expect(updated!.version).toBe(2n);
    expect(updated!.skus.map(parcelOf)).toEqual([
      { weightGrams: undefined, dimensions: undefined },
      { weightGrams: 480, dimensions: expect.objectContaining(dimensions) },
    ]);
    expect(updated!.skus.map((s) => s.price?.amountMinor)).toEqual([a!.price?.amountMinor, b!.price?.amountMinor]);
  });

  it("UpdateProduct refuses a parcel for another product's SKU, or one without its size, changing nothing", async () => {
    const { product: created } = await catalog.admin.createProduct(product([sku()]));
    const other = seedProducts[3]!.skus[0]!.id;
    const dimensions = { lengthMm: 1, widthMm: 1, heightMm: 1 };
    const foreign = await rpcError(
      catalog.admin.updateProduct({ id: created!.id, parcels: [{ skuId: other, weightGrams: 5, dimensions }] }),
    );
    expect(foreign.code).toBe(Code.InvalidArgument);
    expect(violationsOf(foreign)).toEqual([
      expect.objectContaining({ field: "parcels[0].sku_id", ruleId: "sku.exists" }),
    ]);
    const sizeless = await rpcError(
      catalog.admin.updateProduct({ id: created!.id, parcels: [{ skuId: created!.skus[0]!.id, weightGrams: 5 }] }),
    );
    expect(violationsOf(sizeless)).toEqual([
      expect.objectContaining({ field: "parcels[0].dimensions", ruleId: "required" }),
    ]);
    expect((await catalog.client().getProduct({ id: created!.id })).product).toEqual(created);
  });

  it("the subgraph serves weightGrams and dimensions, and takes them in createProduct and updateProduct", async () => {
    const seeded = seedProducts[0]!.skus[0]!;
    const read = await catalog.graphql<{ product: { skus: unknown[] } }>(
      `query($id: ID!) { product(id: $id) { skus { weightGrams dimensions { lengthMm widthMm heightMm } } } }`,
      { id: seedProducts[0]!.id },
    );
    expect(read.body.data!.product.skus[0]).toEqual({ weightGrams: seeded.weightGrams, dimensions: seeded.dimensions });

    const create = `mutation($input: CreateProductInput!) {
      createProduct(input: $input) { id skus { id weightGrams dimensions { lengthMm } } } }`;
    const input = (weightGrams: number) => ({
      name: "Graph parcel",
      categoryId: "cat-kitchen",
      skus: [
        {
          code: `PARCEL-G-${++n}`,
          name: "g",
          price: { amount: "1.00", currency: "EUR" },
          weightGrams,
          dimensions: { lengthMm: 10, widthMm: 10, heightMm: 10 },
        },
      ],
    });
    const created = await catalog.graphql<{ createProduct: { id: string; skus: Array<{ id: string }> } }>(
      create,
      { input: input(700) },
      catalog.adminToken,
    );
    expect(created.body.data!.createProduct.skus).toEqual([
      { id: expect.any(String), weightGrams: 700, dimensions: { lengthMm: 10 } },
    ]);
    const refused = await catalog.graphql(create, { input: input(0) }, catalog.adminToken);
    expect(refused.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [expect.objectContaining({ field: "skus[0].weightGrams", ruleId: "int32.gt_lte" })],
    });

    const { id, skus } = created.body.data!.createProduct;
    const updated = await catalog.graphql<{ updateProduct: { skus: unknown[] } }>(
      `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { skus { weightGrams } } }`,
      {
        input: {
          id,
          parcels: [{ skuId: skus[0]!.id, weightGrams: 900, dimensions: { lengthMm: 1, widthMm: 2, heightMm: 3 } }],
        },
      },
      catalog.adminToken,
    );
    expect(updated.body.data!.updateProduct.skus).toEqual([{ weightGrams: 900 }]);
  });
});

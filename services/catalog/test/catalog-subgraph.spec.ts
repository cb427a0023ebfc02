import { seedProducts } from "../src/db/seed-data";
import { countRows, startCatalog, type RunningCatalog } from "./catalog-harness";

type Connection = {
  products: {
    edges: Array<{ cursor: string; node: { id: string; name: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe("catalog subgraph", () => {
  let catalog: RunningCatalog;
  beforeAll(async () => {
    catalog = await startCatalog();
  });
  afterAll(() => catalog.stop());

  it("serves a product with category, SKUs and exact money", async () => {
    const seeded = seedProducts.find((p) => p.skus.length > 1)!;
    const { body } = await catalog.graphql(
      `query($id: ID!) { product(id: $id) { id name category { id name } skus { code price { amount amountMinor currency formatted } } priceRange { min { amount } max { amount } } } }`,
      { id: seeded.id },
    );
    expect(body.errors).toBeUndefined();
    const sku = seeded.skus[0]!;
    expect(body.data).toMatchObject({
      product: {
        id: seeded.id,
        name: seeded.name,
        category: { id: seeded.categoryId },
        skus: expect.arrayContaining([
          {
            code: sku.code,
            price: {
              amount: (sku.priceMinor / 100).toFixed(2),
              amountMinor: String(sku.priceMinor),
              currency: "EUR",
              formatted: `€${(sku.priceMinor / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`,
            },
          },
        ]),
      },
    });
  });

  it("returns null and a NOT_FOUND error with a request id for an unknown product", async () => {
    const { status, body } = await catalog.graphql(`{ product(id: "nope") { id } }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ product: null });
    expect(body.errors).toEqual([
      {
        message: 'product "nope" does not exist',
        locations: expect.any(Array),
        path: ["product"],
        extensions: { code: "NOT_FOUND", requestId: expect.any(String) },
      },
    ]);
  });

  it("pages a connection with first/after to the end, each product once", async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: { body: { data?: Connection | null } } = await catalog.graphql<Connection>(
        `query($after: String) { products(first: 25, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const conn: Connection["products"] = res.body.data!.products;
      conn.edges.forEach((e) => seen.add(e.node.id));
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen.size).toBe(seedProducts.length);
  });

  it("filters by category and full-text query", async () => {
    const { body } = await catalog.graphql<Connection>(
      `{ products(first: 50, filter: { categoryId: "cat-outdoor", query: "water" }) { edges { node { id name } } } }`,
    );
    expect(body.data!.products.edges.map((e) => e.node.name).sort()).toEqual([
      "Insulated Water Bottle",
      "Water Filter",
    ]);
  });

  it("refuses first outside 1..100: above at the edge (maxListSize), below with BAD_USER_INPUT", async () => {
    const above = await catalog.graphql(`{ products(first: 500) { edges { cursor } } }`);
    expect(above.body.errors![0]!.extensions).toMatchObject({
      code: "GRAPHQL_LIMIT_EXCEEDED",
      limit: "maxListSize",
      max: 100,
      actual: 500,
    });
    const { body } = await catalog.graphql(`{ products(first: 0) { edges { cursor } } }`);
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [{ field: "first", ruleId: "first.range", message: "must be between 1 and 100" }],
    });
  });

  it("resolves entity references in one batch through _entities", async () => {
    const ids = seedProducts.slice(0, 50).map((p) => p.id);
    const { body } = await catalog.graphql<{ _entities: Array<{ id: string; name: string } | null> }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id name } } }`,
      { reps: [...ids.map((id) => ({ __typename: "Product", id })), { __typename: "Product", id: "unknown" }] },
    );
    expect(body.data!._entities.slice(0, 50).map((e) => e!.id)).toEqual(ids);
    expect(body.data!._entities[50]).toBeNull();
  });

  it("creates a product through the mutation with decimal prices", async () => {
    const { body } = await catalog.graphql<{
      createProduct: { id: string; skus: Array<{ price: { amountMinor: string; formatted: string } }> };
    }>(
      `mutation { createProduct(input: { name: "Camp Mug", categoryId: "cat-outdoor", skus: [{ code: "CAMP-MUG", name: "Camp Mug", price: { amount: "12.5", currency: "EUR" }, attributes: [{ name: "color", value: "green" }] }] }) { id skus { price { amountMinor formatted } } } }`,
      undefined,
      catalog.adminToken,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.createProduct.skus).toEqual([{ price: { amountMinor: "1250", formatted: "€12.50" } }]);
  });

  it("refuses invalid mutation input with BAD_USER_INPUT and camelCase violations, writing nothing", async () => {
    const before = await countRows(catalog, "products");
    const { body } = await catalog.graphql(
      `mutation { createProduct(input: { name: "", categoryId: "", skus: [{ code: "ok-lower", name: "x", price: { amount: "1.999", currency: "EUR" } }] }) { id } }`,
      undefined,
      catalog.adminToken,
    );
    expect(body.data).toBeNull();
    expect(body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [expect.objectContaining({ field: "skus[0].price.amount", ruleId: "money.decimal" })],
    });
    const second = await catalog.graphql(
      `mutation { createProduct(input: { name: "", categoryId: "", skus: [{ code: "ok-lower", name: "x", price: { amount: "1.99", currency: "EUR" } }] }) { id } }`,
      undefined,
      catalog.adminToken,
    );
    expect(second.body.errors![0]!.extensions.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "name", ruleId: "string.min_len" }),
        expect.objectContaining({ field: "categoryId", ruleId: "string.min_len" }),
        expect.objectContaining({ field: "skus[0].code", ruleId: "string.pattern" }),
      ]),
    );
    expect(await countRows(catalog, "products")).toBe(before);
  });

  it("refuses an invalid updateProduct with BAD_USER_INPUT and camelCase violations, changing nothing", async () => {
    const seeded = seedProducts[0]!;
    const read = `query($id: ID!) { product(id: $id) { name description category { id } version skus { id price { amount currency } } } }`;
    const before = (await catalog.graphql(read, { id: seeded.id })).body.data;
    expect(before).toMatchObject({ product: { name: seeded.name } });
    const update = (input: string) =>
      catalog.graphql(
        `mutation($id: ID!) { updateProduct(input: { id: $id, ${input} }) { id } }`,
        { id: seeded.id },
        catalog.adminToken,
      );
    const skuId = seeded.skus[0]!.id;
    const money = await update(
      `prices: [{ skuId: "${skuId}", price: { amount: "1.999", currency: "EUR" } }], expectedVersion: "soon"`,
    );
    expect(money.body.data).toBeNull();
    expect(money.body.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      violations: [
        expect.objectContaining({ field: "prices[0].price.amount", ruleId: "money.decimal" }),
        expect.objectContaining({ field: "expectedVersion", ruleId: "version.integer" }),
      ],
    });
    const fields = await update(`name: "", categoryId: "", description: "${"d".repeat(5001)}"`);
    expect(fields.body.data).toBeNull();
    expect(fields.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    const violations = fields.body.errors![0]!.extensions.violations as Array<{ field: string; ruleId: string }>;
    expect(violations.map((v) => [v.field, v.ruleId]).sort()).toEqual([
      ["categoryId", "string.min_len"],
      ["description", "string.max_len"],
      ["name", "string.min_len"],
    ]);
    expect((await catalog.graphql(read, { id: seeded.id })).body.data).toEqual(before);
  });

  it("reports an unknown query field as a validation error, not an internal one", async () => {
    const { status, body } = await catalog.graphql(`{ nosuch }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

import { Code, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { seedProducts } from "../src/db/seed-data";
import { countRows, startCatalog, type RunningCatalog } from "./catalog-harness";

const validProduct = () => ({
  name: "Enamel Mug",
  description: "A speckled enamel mug for camp coffee.",
  categoryId: "cat-outdoor",
  skus: [
    {
      code: "ENAMEL-MUG-BLUE",
      name: "Enamel Mug, blue",
      price: { currencyCode: "EUR", amountMinor: 1450n },
      attributes: { color: "blue" },
    },
    {
      code: "ENAMEL-MUG-RED",
      name: "Enamel Mug, red",
      price: { currencyCode: "EUR", amountMinor: 1450n },
      attributes: { color: "red" },
    },
  ],
});

describe("catalog over Connect/gRPC", () => {
  let catalog: RunningCatalog;
  beforeAll(async () => {
    catalog = await startCatalog();
  });
  afterAll(() => catalog.stop());

  describe("reads", () => {
    it("GetProduct returns a seeded product with its SKUs and prices", async () => {
      const seeded = seedProducts[0]!;
      const { product } = await catalog.client().getProduct({ id: seeded.id });
      expect(product).toMatchObject({ id: seeded.id, name: seeded.name, categoryId: seeded.categoryId, version: 1n });
      expect(product!.skus.map((s) => [s.code, s.price?.amountMinor, s.price?.currencyCode])).toEqual(
        seeded.skus.map((s) => [s.code, BigInt(s.priceMinor), "EUR"]),
      );
    });

    it("GetProduct of an unknown id is NOT_FOUND with a message naming it, and no stack trace", async () => {
      const err = await rpcError(catalog.client().getProduct({ id: "no-such-product" }));
      expect(err.code).toBe(Code.NotFound);
      expect(err.rawMessage).toBe('product "no-such-product" does not exist');
      expect(err.rawMessage).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });

    it("BatchGetProducts keeps request order, collapses duplicates and reports unknown ids", async () => {
      const [a, b] = [seedProducts[5]!.id, seedProducts[2]!.id];
      const res = await catalog.client().batchGetProducts({ ids: [a, "missing-1", b, a] });
      expect(res.products.map((p) => p.id)).toEqual([a, b]);
      expect(res.missingIds).toEqual(["missing-1"]);
    });

    it("BatchGetProducts refuses more than 100 ids", async () => {
      const err = await rpcError(
        catalog.client().batchGetProducts({ ids: Array.from({ length: 101 }, (_, i) => `id-${i}`) }),
      );
      expect(err.code).toBe(Code.InvalidArgument);
      expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "ids", ruleId: "repeated.max_items" })]);
    });

    it("BatchGetSkus gives each SKU with its product and price, in request order, and the unknown ids", async () => {
      const [mug, tent] = [seedProducts[5]!, seedProducts[2]!];
      const [a, b] = [mug.skus[0]!, tent.skus.at(-1)!];
      const [aId, bId] = [a.id, b.id];
      const res = await catalog.client().batchGetSkus({ ids: [bId, "missing-sku", aId, bId] });
      expect(
        res.skus.map((s) => [s.sku?.id, s.sku?.code, s.productId, s.productName, s.sku?.price?.amountMinor]),
      ).toEqual([
        [bId, b.code, tent.id, tent.name, BigInt(b.priceMinor)],
        [aId, a.code, mug.id, mug.name, BigInt(a.priceMinor)],
      ]);
      expect(res.missingIds).toEqual(["missing-sku"]);
    });

    it("BatchGetSkus refuses no ids, more than 100, and an empty id, naming the field", async () => {
      const tooMany = await rpcError(
        catalog.client().batchGetSkus({ ids: Array.from({ length: 101 }, (_, i) => `id-${i}`) }),
      );
      expect(tooMany.code).toBe(Code.InvalidArgument);
      expect(violationsOf(tooMany)).toEqual([expect.objectContaining({ field: "ids", ruleId: "repeated.max_items" })]);
      const none = await rpcError(catalog.client().batchGetSkus({ ids: [] }));
      expect(violationsOf(none)).toEqual([expect.objectContaining({ field: "ids", ruleId: "repeated.min_items" })]);
      const blank = await rpcError(catalog.client().batchGetSkus({ ids: ["ok", ""] }));
      expect(violationsOf(blank)).toEqual([expect.objectContaining({ field: "ids[1]", ruleId: "string.min_len" })]);
    });

    it("ListProducts pages through every product exactly once, in name order", async () => {
      const seen: string[] = [];
      let pageToken = "";
      let pages = 0;
      do {
        const res = await catalog.client().listProducts({ pageSize: 7, pageToken });
        expect(res.products.length).toBeLessThanOrEqual(7);
        seen.push(...res.products.map((p) => p.name));
        pageToken = res.nextPageToken;
        pages++;
      } while (pageToken);
      expect(seen).toHaveLength(seedProducts.length);
      expect(new Set(seen).size).toBe(seedProducts.length);
      const { rows } = await catalog.app.pool.query<{ name: string }>("SELECT name FROM products ORDER BY name, id");
      expect(seen).toEqual(rows.map((r) => r.name));
      expect(pages).toBe(Math.ceil(seedProducts.length / 7));
    });

    it("ListProducts filters by category", async () => {
      const res = await catalog.client().listProducts({ categoryId: "cat-books", pageSize: 100 });
      expect(res.products.length).toBe(seedProducts.filter((p) => p.categoryId === "cat-books").length);
      expect(res.products.every((p) => p.categoryId === "cat-books")).toBe(true);
      expect(res.nextPageToken).toBe("");
    });

    it("ListProducts full-text search ranks matches and pages through them", async () => {
      const first = await catalog.client().listProducts({ query: "coffee", pageSize: 2 });
      const second = await catalog.client().listProducts({
        query: "coffee",
        pageSize: 2,
        pageToken: first.nextPageToken,
      });
      const names = [...first.products, ...second.products].map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(["Pour-Over Coffee Kettle", "French Press", "Espresso Cups"]));
      expect(new Set(names).size).toBe(names.length);
      // A word only in the name outranks a word only in the description.
      expect(first.products[0]!.name).toMatch(/coffee/i);
    });

    it("ListProducts refuses a page token issued for another filter, and garbage tokens", async () => {
      const page = await catalog.client().listProducts({ query: "coffee", pageSize: 1 });
      const reused = await rpcError(
        catalog.client().listProducts({ categoryId: "cat-books", pageToken: page.nextPageToken }),
      );
      expect(reused.code).toBe(Code.InvalidArgument);
      expect(violationsOf(reused)).toEqual([
        expect.objectContaining({ field: "page_token", ruleId: "page_token.valid" }),
      ]);
      const garbage = await rpcError(catalog.client().listProducts({ pageToken: "not-a-token" }));
      expect(garbage.code).toBe(Code.InvalidArgument);
    });

    it("ListProducts refuses a page size above 100", async () => {
      const err = await rpcError(catalog.client().listProducts({ pageSize: 101 }));
      expect(err.code).toBe(Code.InvalidArgument);
      expect(violationsOf(err)).toEqual([
        {
          field: "page_size",
          ruleId: "int32.gte_lte",
          message: "must be greater than or equal to 0 and less than or equal to 100",
        },
      ]);
    });
  });

  describe("CreateProduct", () => {
    it("creates a product with its SKUs, readable afterwards", async () => {
      const { product } = await catalog.admin.createProduct(validProduct());
      expect(product!.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(product!.skus.map((s) => s.code)).toEqual(["ENAMEL-MUG-BLUE", "ENAMEL-MUG-RED"]);
      const { product: read } = await catalog.client().getProduct({ id: product!.id });
      expect(read).toEqual(product);
    });

    it("refuses invalid input with InvalidArgument and every violation, writing nothing", async () => {
      const before = [await countRows(catalog, "products"), await countRows(catalog, "skus")];
      const err = await rpcError(
        catalog.admin.createProduct({
          name: "",
          categoryId: "cat-outdoor",
          skus: [
            { code: "lower-case", name: "x", price: { currencyCode: "EUR", amountMinor: -5n } },
            { code: "NO-PRICE", name: "y" },
          ],
        }),
      );
      expect(err.code).toBe(Code.InvalidArgument);
      expect(violationsOf(err)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: "name", ruleId: "string.min_len" }),
          expect.objectContaining({ field: "skus[0].code", ruleId: "string.pattern" }),
          expect.objectContaining({
            field: "skus[0].price",
            ruleId: "price.non_negative",
            message: "price must not be negative",
          }),
          expect.objectContaining({ field: "skus[1].price", ruleId: "required" }),
        ]),
      );
      expect([await countRows(catalog, "products"), await countRows(catalog, "skus")]).toEqual(before);
    });

    it("refuses an unknown category and a SKU code already in use, writing nothing", async () => {
      const before = await countRows(catalog, "skus");
      const input = validProduct();
      input.categoryId = "cat-nope";
      input.skus[0]!.code = "NEVER-USED-BEFORE";
      input.skus[1]!.code = seedProducts[0]!.skus[0]!.code;
      const err = await rpcError(catalog.admin.createProduct(input));
      expect(err.code).toBe(Code.InvalidArgument);
      expect(violationsOf(err)).toEqual([
        expect.objectContaining({ field: "category_id", ruleId: "category.exists" }),
        expect.objectContaining({ field: "skus[1].code", ruleId: "sku.code_unique" }),
      ]);
      expect(await countRows(catalog, "skus")).toBe(before);
    });

    it("refuses SKUs priced in different currencies", async () => {
      const input = {
        ...validProduct(),
        skus: validProduct().skus.map((s, i) => ({
          ...s,
          code: `MIXED-${i}`,
          price: { currencyCode: i ? "USD" : "EUR", amountMinor: 100n },
        })),
      };
      const err = await rpcError(catalog.admin.createProduct(input));
      expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "skus", ruleId: "sku.single_currency" })]);
    });

    it("returns the first result for a retry with the same idempotency key, and refuses the key for another request", async () => {
      const input = {
        ...validProduct(),
        skus: validProduct().skus.map((s) => ({ ...s, code: `${s.code}-IDEM` })),
        idempotencyKey: "retry-me-1",
      };
      const before = await countRows(catalog, "products");
      const [first, retry] = await Promise.all([
        catalog.admin.createProduct(input),
        catalog.admin.createProduct(input),
      ]);
      expect(retry.product!.id).toBe(first.product!.id);
      expect(await countRows(catalog, "products")).toBe(before + 1);
      const err = await rpcError(catalog.admin.createProduct({ ...input, name: "Something else" }));
      expect(err.code).toBe(Code.FailedPrecondition);
    });
  });

  describe("UpdateProduct", () => {
    it("changes only the fields that are set and bumps the version", async () => {
      const { product } = await catalog.admin.createProduct({
        ...validProduct(),
        skus: [{ ...validProduct().skus[0]!, code: "UPD-1" }],
      });
      const sku = product!.skus[0]!;
      const { product: updated } = await catalog.admin.updateProduct({
        id: product!.id,
        name: "Enamel Mug XL",
        prices: [{ skuId: sku.id, price: { currencyCode: "EUR", amountMinor: 1990n } }],
      });
      expect(updated).toMatchObject({ name: "Enamel Mug XL", description: product!.description, version: 2n });
      expect(updated!.skus[0]!.price?.amountMinor).toBe(1990n);
    });

    it("is NOT_FOUND for an unknown id", async () => {
      const err = await rpcError(catalog.admin.updateProduct({ id: "nope", name: "x" }));
      expect(err.code).toBe(Code.NotFound);
    });

    it("is ABORTED when the product moved past the expected version, and changes nothing", async () => {
      const id = seedProducts[10]!.id;
      await catalog.admin.updateProduct({ id, description: "first edit" });
      const err = await rpcError(catalog.admin.updateProduct({ id, name: "stale edit", expectedVersion: 1n }));
      expect(err.code).toBe(Code.Aborted);
      expect((await catalog.client().getProduct({ id })).product!.name).toBe(seedProducts[10]!.name);
    });

    it("refuses a price for a SKU of another product, writing nothing", async () => {
      const id = seedProducts[11]!.id;
      const err = await rpcError(
        catalog.admin.updateProduct({
          id,
          name: "Renamed",
          prices: [{ skuId: seedProducts[12]!.skus[0]!.id, price: { currencyCode: "EUR", amountMinor: 1n } }],
        }),
      );
      expect(err.code).toBe(Code.InvalidArgument);
      expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "prices[0].sku_id", ruleId: "sku.exists" })]);
      expect((await catalog.client().getProduct({ id })).product).toMatchObject({
        name: seedProducts[11]!.name,
        version: 1n,
      });
    });
  });

  it("serves gRPC-Web over HTTP/1.1 on the HTTP port, for browsers and proxies", async () => {
    const web = createClient(CatalogService, createGrpcWebTransport({ baseUrl: catalog.httpUrl, httpVersion: "1.1" }));
    const { product } = await web.getProduct({ id: seedProducts[0]!.id });
    expect(product!.name).toBe(seedProducts[0]!.name);
  });

  it("answers every call with a request id, echoing a sane one from the caller", async () => {
    const res = await fetch(`${catalog.httpUrl}/emporium.catalog.v1.CatalogService/GetProduct`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-me-123" },
      body: JSON.stringify({ id: "unknown" }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBe("trace-me-123");
    expect(await res.json()).toEqual({ code: "not_found", message: 'product "unknown" does not exist' });
  });
});

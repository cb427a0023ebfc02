import { Code } from "@connectrpc/connect";
import { ImageSize } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { DEFAULT_IMAGE_BASE_URL } from "../src/config";
import { seedProducts } from "../src/db/seed-data";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

const BASE = "https://cdn.test.example/shop";
const SIZES: Array<[ImageSize, string, number]> = [
  [ImageSize.THUMB, "THUMB", 160],
  [ImageSize.SMALL, "SMALL", 320],
  [ImageSize.MEDIUM, "MEDIUM", 640],
  [ImageSize.LARGE, "LARGE", 1280],
];

describe("product pictures in every size", () => {
  let catalog: RunningCatalog;
  beforeAll(async () => {
    catalog = await startCatalog({ env: { EMPORIUM_CATALOG_IMAGE_BASE_URL: `${BASE}/` } });
  });
  afterAll(() => catalog.stop());

  it("a seeded product has its pictures in order, each with a URL per size under the configured base", async () => {
    const seeded = seedProducts[0]!;
    const { product } = await catalog.client().getProduct({ id: seeded.id });
    expect(product!.images).toEqual(
      seeded.images.map((image) =>
        expect.objectContaining({
          id: image.id,
          altText: image.altText,
          variants: SIZES.map(([size, , width]) =>
            expect.objectContaining({ size, width, url: `${BASE}/w${width}/${image.key}` }),
          ),
        }),
      ),
    );
  });

  it("CreateProduct takes picture keys and UpdateProduct replaces them (an empty list removes them)", async () => {
    const { product } = await catalog.admin.createProduct({
      name: "Pictured Mug",
      categoryId: "cat-kitchen",
      skus: [{ code: "PICTURED-MUG", name: "Mug", price: { currencyCode: "EUR", amountMinor: 900n } }],
      images: [
        { key: "products/pictured-mug/front.jpg", altText: "The mug from the front" },
        { key: "products/pictured-mug/side.png", altText: "" },
      ],
    });
    expect(product!.images.map((i) => [i.altText, i.variants[0]!.url])).toEqual([
      ["The mug from the front", `${BASE}/w160/products/pictured-mug/front.jpg`],
      ["", `${BASE}/w160/products/pictured-mug/side.png`],
    ]);
    const renamed = await catalog.admin.updateProduct({ id: product!.id, name: "Pictured Mug II" });
    expect(renamed.product!.images).toEqual(product!.images);
    const replaced = await catalog.admin.updateProduct({
      id: product!.id,
      images: { images: [{ key: "products/pictured-mug/top.jpg", altText: "From above" }] },
    });
    expect(replaced.product!.images.map((i) => i.variants.at(-1)!.url)).toEqual([
      `${BASE}/w1280/products/pictured-mug/top.jpg`,
    ]);
    const removed = await catalog.admin.updateProduct({ id: product!.id, images: { images: [] } });
    expect(removed.product!.images).toEqual([]);
  });

  it("refuses a picture key that is not a plain relative path, naming it", async () => {
    const err = await rpcError(
      catalog.admin.createProduct({
        name: "Bad Picture",
        categoryId: "cat-kitchen",
        skus: [{ code: "BAD-PICTURE", name: "x", price: { currencyCode: "EUR", amountMinor: 1n } }],
        images: [{ key: "products/ok.jpg" }, { key: "https://elsewhere.example/x.jpg" }, { key: "a/../../etc" }],
      }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err)).toEqual([
      expect.objectContaining({ field: "images[1].key", ruleId: "string.pattern" }),
      expect.objectContaining({ field: "images[2].key", ruleId: "string.pattern" }),
    ]);
  });

  it("the subgraph gives the pictures, one size's URL, and the main picture's URL by size", async () => {
    const seeded = seedProducts[1]!;
    const { body } = await catalog.graphql<{
      product: {
        thumb: string;
        large: string;
        images: Array<{ altText: string; url: string; variants: Array<{ size: string; width: number; url: string }> }>;
      };
    }>(
      `query($id: ID!) { product(id: $id) { thumb: imageUrl(size: THUMB) large: imageUrl(size: LARGE)
         images { altText url variants { size width url } } } }`,
      { id: seeded.id },
    );
    expect(body.errors).toBeUndefined();
    const [main] = seeded.images;
    expect(body.data!.product.thumb).toBe(`${BASE}/w160/${main!.key}`);
    expect(body.data!.product.large).toBe(`${BASE}/w1280/${main!.key}`);
    expect(body.data!.product.images[0]).toEqual({
      altText: main!.altText,
      url: `${BASE}/w640/${main!.key}`,
      variants: SIZES.map(([, size, width]) => ({ size, width, url: `${BASE}/w${width}/${main!.key}` })),
    });
  });

  it("without a configured base URL the pictures point at the documented default", async () => {
    const plain = await startCatalog();
    try {
      const { product } = await plain.client().getProduct({ id: seedProducts[0]!.id });
      expect(product!.images[0]!.variants[0]!.url).toBe(
        `${DEFAULT_IMAGE_BASE_URL}/w160/${seedProducts[0]!.images[0]!.key}`,
      );
    } finally {
      await plain.stop();
    }
  });
});

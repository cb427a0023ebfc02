import { create } from "@bufbuild/protobuf";
import { ImageSize, ProductSchema } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { imageUrls, lowestPrice, mainImageUrl } from "./product-views";

const eur = (amountMinor: bigint) => ({ currencyCode: "EUR", amountMinor });
const image = (name: string) => ({
  id: name,
  variants: [
    { size: ImageSize.THUMB, url: `https://img.test/${name}-160.jpg`, width: 160 },
    { size: ImageSize.MEDIUM, url: `https://img.test/${name}-640.jpg`, width: 640 },
  ],
});

describe("product views", () => {
  const product = create(ProductSchema, {
    id: "p1",
    skus: [
      { id: "a", price: eur(2599n) },
      { id: "b", price: eur(1999n) },
      { id: "c", price: eur(3499n) },
    ],
    images: [image("front"), image("side")],
  });

  it("a product's price is its cheapest SKU's", () => {
    expect(lowestPrice(product)).toEqual({ currency: "EUR", amountMinor: 1999n });
    expect(lowestPrice(create(ProductSchema, { id: "none" }))).toBeNull();
    // The catalog's own lowest price, when it sends one (a read mask without SKUs).
    expect(lowestPrice(create(ProductSchema, { id: "p2", lowestPrice: eur(990n) }))).toEqual({
      currency: "EUR",
      amountMinor: 990n,
    });
  });

  it("picks the main picture, or every picture, in the size asked for", () => {
    expect(mainImageUrl(product.images, "THUMB")).toBe("https://img.test/front-160.jpg");
    expect(imageUrls(product.images, "MEDIUM")).toEqual([
      "https://img.test/front-640.jpg",
      "https://img.test/side-640.jpg",
    ]);
    expect(mainImageUrl([], "THUMB")).toBeNull();
    expect(imageUrls(product.images, "LARGE")).toEqual([]);
  });
});

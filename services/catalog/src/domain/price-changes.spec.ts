import type { Product } from "./product";
import { priceChanges } from "./price-changes";

const product = (prices: Array<[id: string, minor: bigint]>): Product => ({
  id: "p1",
  name: "Mug",
  description: "",
  category: { id: "c", slug: "c", name: "C" },
  images: [],
  lowestPrice: { currency: "EUR", amountMinor: 0n },
  skus: prices.map(([id, amountMinor]) => ({
    id,
    code: `CODE-${id}`,
    name: id,
    price: { currency: "EUR", amountMinor },
    attributes: {},
  })),
  version: 1n,
  createTime: new Date(0),
  updateTime: new Date(0),
});

describe("priceChanges", () => {
  it("lists only the SKUs whose price differs, with old and new price", () => {
    const before = product([
      ["a", 100n],
      ["b", 200n],
      ["c", 300n],
    ]);
    const after = product([
      ["a", 100n],
      ["b", 250n],
      ["c", 300n],
    ]);
    expect(priceChanges(before, after)).toEqual([
      {
        skuId: "b",
        skuCode: "CODE-b",
        oldPrice: { currency: "EUR", amountMinor: 200n },
        newPrice: { currency: "EUR", amountMinor: 250n },
      },
    ]);
  });

  it("is empty when every price is set to its current value", () => {
    expect(priceChanges(product([["a", 100n]]), product([["a", 100n]]))).toEqual([]);
  });
});

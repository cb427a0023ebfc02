import { chargeableGrams, quotePrice, zoneOf } from "./shipping-quote";

describe("quote pricing", () => {
  it("charges a bulky parcel by size: 5000 mm³ count as a gram", () => {
    const tent = { skuId: "tent", weightGrams: 2300, dimensions: { lengthMm: 500, widthMm: 180, heightMm: 180 } };
    expect(chargeableGrams(tent)).toBe(3240);
    const skillet = { skuId: "pan", weightGrams: 2600, dimensions: { lengthMm: 480, widthMm: 290, heightMm: 70 } };
    expect(chargeableGrams(skillet)).toBe(2600);
    expect(chargeableGrams({ skuId: "sizeless", weightGrams: 120 })).toBe(120);
  });

  it("prices by zone and started kilogram; express costs double", () => {
    const de = { countryCode: "DE", postalCode: "10115" };
    expect(quotePrice(1, de, "STANDARD")).toEqual({ currency: "EUR", amountMinor: 590n });
    expect(quotePrice(1000, de, "STANDARD").amountMinor).toBe(590n);
    expect(quotePrice(1001, de, "STANDARD").amountMinor).toBe(690n);
    expect(quotePrice(8440, de, "STANDARD").amountMinor).toBe(1390n);
    expect(quotePrice(8440, de, "EXPRESS").amountMinor).toBe(2780n);
    expect(quotePrice(8440, { countryCode: "FR", postalCode: "75001" }, "STANDARD").amountMinor).toBe(3240n);
    expect(quotePrice(8440, { countryCode: "US", postalCode: "10001" }, "STANDARD").amountMinor).toBe(7390n);
  });

  it("puts Germany at home, EU members in the EU zone, and the rest of the world beyond", () => {
    expect(["DE", "AT", "NL", "CH", "GB", "JP"].map(zoneOf)).toEqual([
      "domestic",
      "eu",
      "eu",
      "world",
      "world",
      "world",
    ]);
  });
});

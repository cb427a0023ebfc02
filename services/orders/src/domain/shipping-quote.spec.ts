import { quoteRefusal, type ShippingQuote } from "./shipping-quote";

const now = new Date("2026-12-01T10:00:00Z");
const address = {
  addressId: "a1",
  recipient: "A",
  line1: "1 St",
  line2: "",
  postalCode: "SW1A 1AA",
  city: "London",
  countryCode: "GB",
};
const quote: ShippingQuote = {
  quoteId: "q1",
  requestedBy: "c1",
  price: { currency: "EUR", amountMinor: 2590n },
  expireTime: new Date(now.getTime() + 60_000),
  destination: { countryCode: "GB", postalCode: "sw1a1aa" },
};
const order = { customerId: "c1", address, currency: "EUR", now };
const ruleOf = (q: ShippingQuote | undefined, o = order) => quoteRefusal(q, o)?.ruleId;

describe("whether a shipping quote can price an order", () => {
  it("the customer's own unexpired quote to the address, in the cart's currency, can (postal codes compared as carriers do)", () => {
    expect(quoteRefusal(quote, order)).toBeUndefined();
  });

  it("no quote, or another person's, is the same refusal: not one of yours", () => {
    expect(ruleOf(undefined)).toBe("quote.exists");
    expect(ruleOf({ ...quote, requestedBy: "c2" })).toBe("quote.exists");
  });

  it("a quote expires at its expire time", () => {
    expect(ruleOf({ ...quote, expireTime: now })).toBe("quote.expired");
  });

  it("a quote to another country or postal code is refused", () => {
    expect(ruleOf({ ...quote, destination: { countryCode: "IE", postalCode: "SW1A1AA" } })).toBe("quote.destination");
    expect(ruleOf({ ...quote, destination: { countryCode: "GB", postalCode: "SW1A 2AA" } })).toBe("quote.destination");
  });

  it("a quote in another currency than the cart's is refused", () => {
    expect(quoteRefusal(quote, { ...order, currency: "USD" })).toEqual({
      ruleId: "quote.currency",
      message: "is in EUR, the cart in USD",
    });
  });
});

import { decimalAmount, formatMoney, parseDecimalAmount } from "./money";

describe("money", () => {
  it("turns minor units into an exact decimal string per currency", () => {
    expect(decimalAmount({ currency: "EUR", amountMinor: 1234n })).toBe("12.34");
    expect(decimalAmount({ currency: "EUR", amountMinor: 5n })).toBe("0.05");
    expect(decimalAmount({ currency: "JPY", amountMinor: 1500n })).toBe("1500");
    expect(decimalAmount({ currency: "BHD", amountMinor: 1234n })).toBe("1.234");
    expect(decimalAmount({ currency: "EUR", amountMinor: -250n })).toBe("-2.50");
    // Beyond 2^53 a float would already be wrong.
    expect(decimalAmount({ currency: "USD", amountMinor: 9007199254740993n })).toBe("90071992547409.93");
  });

  it("parses decimal input exactly, refusing more fraction digits than the currency has", () => {
    expect(parseDecimalAmount("12.5", "EUR")).toBe(1250n);
    expect(parseDecimalAmount("0.07", "EUR")).toBe(7n);
    expect(parseDecimalAmount("1500", "JPY")).toBe(1500n);
    expect(parseDecimalAmount("1.999", "EUR")).toBeUndefined();
    expect(parseDecimalAmount("15.5", "JPY")).toBeUndefined();
    expect(parseDecimalAmount("1e3", "EUR")).toBeUndefined();
    expect(parseDecimalAmount("-3.10", "EUR")).toBe(-310n);
  });

  it("formats for display", () => {
    expect(formatMoney({ currency: "EUR", amountMinor: 1234n })).toBe("€12.34");
    expect(formatMoney({ currency: "USD", amountMinor: 129900n })).toBe("$1,299.00");
    expect(formatMoney({ currency: "JPY", amountMinor: 1500n })).toBe("¥1,500");
  });
});

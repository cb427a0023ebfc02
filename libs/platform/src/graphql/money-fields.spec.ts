import type { FieldViolation } from "../errors/app-error";
import { moneyFromInput, moneyResolvers } from "./money-fields";

describe("GraphQL Money fields", () => {
  it("show an amount as exact strings and a display form", () => {
    const price = { currency: "EUR", amountMinor: 9007199254740993n };
    expect(
      Object.fromEntries(Object.entries(moneyResolvers).map(([field, resolve]) => [field, resolve(price)])),
    ).toEqual({
      amount: "90071992547409.93",
      amountMinor: "9007199254740993",
      currency: "EUR",
      formatted: "€90,071,992,547,409.93",
    });
  });

  it("read MoneyInput exactly, and report an inexact amount on its field path", () => {
    const violations: FieldViolation[] = [];
    expect(moneyFromInput({ amount: "12.30", currency: "EUR" }, "skus[0].price", violations)).toEqual({
      currencyCode: "EUR",
      amountMinor: 1230n,
    });
    moneyFromInput({ amount: "1.5", currency: "JPY" }, "prices[1].price", violations);
    expect(violations).toEqual([
      {
        field: "prices[1].price.amount",
        ruleId: "money.decimal",
        message: `must be a decimal amount with at most the currency's fraction digits, e.g. "12.34"`,
      },
    ]);
  });
});

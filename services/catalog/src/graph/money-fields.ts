import type { FieldViolation } from "@emporium/platform";
import { decimalAmount, formatMoney, parseDecimalAmount, type Money } from "../domain/money";

export const moneyResolvers = {
  amount: (m: Money) => decimalAmount(m),
  amountMinor: (m: Money) => m.amountMinor.toString(),
  currency: (m: Money) => m.currency,
  formatted: (m: Money) => formatMoney(m),
};

/** MoneyInput → proto Money init; an amount that is not exact for the currency is a violation. */
export function moneyFromInput(
  input: { amount: string; currency: string },
  field: string,
  violations: FieldViolation[],
) {
  const amountMinor = parseDecimalAmount(input.amount, input.currency);
  if (amountMinor === undefined) {
    violations.push({
      field: `${field}.amount`,
      ruleId: "money.decimal",
      message: `must be a decimal amount with at most the currency's fraction digits, e.g. "12.34"`,
    });
  }
  return { currencyCode: input.currency, amountMinor: amountMinor ?? 0n };
}

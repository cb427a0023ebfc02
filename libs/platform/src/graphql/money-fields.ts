import type { FieldViolation } from "../errors/app-error";
import { decimalAmount, formatMoney, parseDecimalAmount, type Money } from "../money/money";

/**
 * The fields of the shared GraphQL `Money` type (docs/conventions.md, "Money"): a subgraph whose SDL
 * has `type Money @shareable { amount amountMinor currency formatted }` uses these as its resolvers.
 */
export const moneyResolvers: Record<"amount" | "amountMinor" | "currency" | "formatted", (m: Money) => string> = {
  amount: (m) => decimalAmount(m),
  amountMinor: (m) => m.amountMinor.toString(),
  currency: (m) => m.currency,
  formatted: (m) => formatMoney(m),
};

/** `MoneyInput` → proto Money init; an amount that is not exact for the currency is a violation. */
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

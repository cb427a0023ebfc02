/** Integer minor units + ISO 4217 code; never a float (docs/conventions.md, "Money"). */
export interface Money {
  currency: string;
  amountMinor: bigint;
}

// Building an Intl.NumberFormat costs far more than using one: keep one per locale and currency.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, { style: "currency", currency })));
  return f;
}

/** Digits after the decimal point for a currency: 2 for EUR, 0 for JPY, 3 for BHD. */
export function minorDigits(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) return 2; // not a currency code: validation reports it
  return formatter("en", currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "12.34" for 1234 EUR cents: exact, as a decimal string, never through a float. */
export function decimalAmount(money: Money): string {
  const digits = minorDigits(money.currency);
  const negative = money.amountMinor < 0n;
  const abs = (negative ? -money.amountMinor : money.amountMinor).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits ? `.${abs.slice(abs.length - digits)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** "€12.34" / "$1,299.00" for display. */
export function formatMoney(money: Money, locale = "en-US"): string {
  // format() takes the decimal string as is (Intl.NumberFormat v3): exact, no float on the way.
  return formatter(locale, money.currency).format(decimalAmount(money) as unknown as number);
}

/** Parses "12.34" into minor units for the currency; undefined when it is not an exact amount. */
export function parseDecimalAmount(amount: string, currency: string): bigint | undefined {
  const digits = minorDigits(currency);
  const m = /^(-?)(\d{1,15})(?:\.(\d+))?$/.exec(amount.trim());
  if (!m || (m[3] ?? "").length > digits) return undefined;
  const minor = BigInt(m[2]! + (m[3] ?? "").padEnd(digits, "0"));
  return m[1] ? -minor : minor;
}

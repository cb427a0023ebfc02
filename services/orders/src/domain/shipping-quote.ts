import type { Money } from "@emporium/platform";
import type { ShippingAddress } from "./order";

/** A quote of the shipping service, as orders reads it to price an order's shipping. */
export interface ShippingQuote {
  quoteId: string;
  /** Who asked for it (Keycloak subject): a quote is only good for that person's order. */
  requestedBy: string;
  price: Money;
  expireTime: Date;
  destination: { countryCode: string; postalCode: string };
}

/** Why a quote cannot price this order: its rule id and what the customer is told. */
export interface QuoteRefusal {
  ruleId: "quote.exists" | "quote.expired" | "quote.destination" | "quote.currency";
  message: string;
}

/** Postal codes as carriers compare them: case and spaces do not matter ("sw1a 1aa" is "SW1A1AA"). */
const postalKey = (postalCode: string) => postalCode.replace(/\s+/g, "").toUpperCase();

/**
 * Whether the quote can price the customer's order to this address, in the cart's currency, now:
 * undefined when it can. Another person's quote is treated as no quote at all (it is not theirs to
 * know about).
 */
export function quoteRefusal(
  quote: ShippingQuote | undefined,
  order: { customerId: string; address: ShippingAddress; currency: string; now: Date },
): QuoteRefusal | undefined {
  if (!quote || quote.requestedBy !== order.customerId)
    return { ruleId: "quote.exists", message: "is not one of your shipping quotes" };
  if (quote.expireTime.getTime() <= order.now.getTime())
    return { ruleId: "quote.expired", message: "has expired; ask for a new shipping quote" };
  const quoted = `${quote.destination.countryCode} ${quote.destination.postalCode}`;
  const address = `${order.address.countryCode} ${order.address.postalCode}`;
  if (
    quote.destination.countryCode !== order.address.countryCode ||
    postalKey(quote.destination.postalCode) !== postalKey(order.address.postalCode)
  )
    return { ruleId: "quote.destination", message: `is to ${quoted}, the address in ${address}; quote that address` };
  if (quote.price.currency !== order.currency)
    return {
      ruleId: "quote.currency",
      message: `is in ${quote.price.currency}, the cart in ${order.currency}`,
    };
  return undefined;
}

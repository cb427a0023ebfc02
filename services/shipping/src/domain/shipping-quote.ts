import type { Money } from "@emporium/platform";

export type ServiceLevel = "STANDARD" | "EXPRESS";

export interface Destination {
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: string;
  postalCode: string;
}

/** A SKU's weight and size as packed, from the catalog; either may be unknown. */
export interface PackedSku {
  skuId: string;
  weightGrams?: number;
  dimensions?: { lengthMm: number; widthMm: number; heightMm: number };
}

export interface ShippingQuote {
  id: string;
  /** Who asked for it (their Keycloak subject). */
  requestedBy: string;
  destination: Destination;
  serviceLevel: ServiceLevel;
  weightGrams: number;
  price: Money;
  createTime: Date;
  expireTime: Date;
}

/** A quote can be shipped for 30 minutes. */
export const QUOTE_VALIDITY_MS = 30 * 60 * 1000;

/** Emporium ships from Germany; prices are in euros. */
export const ORIGIN_COUNTRY = "DE";
export const SHIPPING_CURRENCY = "EUR";

const EU_COUNTRIES = new Set(
  "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "),
);

export type Zone = "domestic" | "eu" | "world";

/** Price per zone in euro cents: a base per parcel, and a rate per started kilogram. */
export const ZONE_RATES: Record<Zone, { baseMinor: bigint; perKgMinor: bigint }> = {
  domestic: { baseMinor: 490n, perKgMinor: 100n },
  eu: { baseMinor: 990n, perKgMinor: 250n },
  world: { baseMinor: 1990n, perKgMinor: 600n },
};

export function zoneOf(countryCode: string): Zone {
  if (countryCode === ORIGIN_COUNTRY) return "domestic";
  return EU_COUNTRIES.has(countryCode) ? "eu" : "world";
}

/** Carriers charge bulky parcels by size: 5000 cm³ count as 1 kg, so 1 g per 5000 mm³. */
export const VOLUMETRIC_MM3_PER_GRAM = 5000;

/** What one unit of a SKU is charged as: the larger of its weight and its volumetric weight. */
export function chargeableGrams(sku: PackedSku & { weightGrams: number }): number {
  const d = sku.dimensions;
  const volumetric = d ? Math.ceil((d.lengthMm * d.widthMm * d.heightMm) / VOLUMETRIC_MM3_PER_GRAM) : 0;
  return Math.max(sku.weightGrams, volumetric);
}

/**
 * The price of a parcel: the zone's base plus its rate for every started kilogram of chargeable
 * weight; express costs twice as much. A pure function of weight, destination and service level.
 */
export function quotePrice(weightGrams: number, destination: Destination, serviceLevel: ServiceLevel): Money {
  const rate = ZONE_RATES[zoneOf(destination.countryCode)];
  const startedKg = BigInt(Math.ceil(weightGrams / 1000));
  const standard = rate.baseMinor + rate.perKgMinor * startedKg;
  return { currency: SHIPPING_CURRENCY, amountMinor: serviceLevel === "EXPRESS" ? standard * 2n : standard };
}

import { PriceChangedSchema, ProductCreatedSchema } from "@emporium/contracts/emporium/catalog/v1/events_pb";
import type { EventToRecord, Money } from "@emporium/platform";
import type { SkuPriceChange } from "../domain/price-changes";
import type { Product } from "../domain/product";

/** The events' CloudEvents source is `/emporium/catalog`. */
export const CATALOG_EVENT_SOURCE = "catalog";

const money = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });

/** A product as it was created; the product is the aggregate, at its first version. */
export function productCreated(product: Product): EventToRecord<typeof ProductCreatedSchema> {
  return {
    schema: ProductCreatedSchema,
    aggregateId: product.id,
    aggregateVersion: product.version,
    payload: {
      productId: product.id,
      name: product.name,
      description: product.description,
      categoryId: product.category.id,
      skus: product.skus.map((s) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        price: money(s.price),
        attributes: s.attributes,
      })),
    },
  };
}

/** One event per update that changed prices, at the product's version after that update. */
export function priceChanged(
  productId: string,
  version: bigint,
  changes: readonly SkuPriceChange[],
): EventToRecord<typeof PriceChangedSchema> {
  return {
    schema: PriceChangedSchema,
    aggregateId: productId,
    aggregateVersion: version,
    payload: {
      productId,
      changes: changes.map((c) => ({
        skuId: c.skuId,
        skuCode: c.skuCode,
        oldPrice: money(c.oldPrice),
        newPrice: money(c.newPrice),
      })),
    },
  };
}

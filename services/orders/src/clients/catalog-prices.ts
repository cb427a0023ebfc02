import type { Client } from "@connectrpc/connect";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { serviceClient, type TokenSource } from "@emporium/platform";
import type { CatalogPrices, SkuPrice } from "../application/carts-deps";

/** BatchGetSkus takes at most this many ids (its proto says so). */
const MAX_IDS_PER_CALL = 100;

/** Catalog's prices over Connect, called as the orders service (its client-credentials token). */
export class ConnectCatalogPrices implements CatalogPrices {
  constructor(private readonly catalog: Client<typeof CatalogService>) {}

  static over(catalogRpcUrl: string, tokens: TokenSource): ConnectCatalogPrices {
    return new ConnectCatalogPrices(serviceClient(CatalogService, catalogRpcUrl, { tokens }));
  }

  async pricesOf(skuIds: readonly string[]): Promise<Map<string, SkuPrice>> {
    const unique = [...new Set(skuIds)];
    const prices = new Map<string, SkuPrice>();
    for (let i = 0; i < unique.length; i += MAX_IDS_PER_CALL) {
      // Catalog down or slow: UNAVAILABLE; any other failure is ours (the kit's client decides both).
      const { skus } = await this.catalog.batchGetSkus({ ids: unique.slice(i, i + MAX_IDS_PER_CALL) });
      for (const { sku, productId } of skus) {
        if (!sku?.price) continue;
        prices.set(sku.id, {
          skuId: sku.id,
          productId,
          name: sku.name,
          unitPrice: { currency: sku.price.currencyCode, amountMinor: sku.price.amountMinor },
        });
      }
    }
    return prices;
  }
}

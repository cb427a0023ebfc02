import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { AppError, serviceClient, type TokenSource } from "@emporium/platform";
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
      const { skus } = await this.catalog
        .batchGetSkus({ ids: unique.slice(i, i + MAX_IDS_PER_CALL) })
        .catch(unavailableCatalog);
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

/** Catalog down, slow or refusing us: the caller may retry; any other failure is our bug (internal). */
function unavailableCatalog(err: unknown): never {
  const code = err instanceof ConnectError ? err.code : undefined;
  if (code === Code.Unavailable || code === Code.DeadlineExceeded || code === Code.ResourceExhausted)
    throw new AppError("UNAVAILABLE", "the catalog cannot be reached for prices right now; retry shortly");
  throw err;
}

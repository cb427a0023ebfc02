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

/** Socket failures: Connect reports them as UNAVAILABLE, or (another realm's Error class) INTERNAL with this cause. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);

/**
 * Catalog down, slow or shedding load: UNAVAILABLE, so the caller may retry. Anything else (say, our
 * token refused) is our fault, not the caller's: an internal error, never catalog's code passed on.
 */
function unavailableCatalog(err: unknown): never {
  const e = ConnectError.from(err);
  const cause = (e.cause as { code?: unknown } | undefined)?.code;
  if (
    e.code === Code.Unavailable ||
    e.code === Code.DeadlineExceeded ||
    e.code === Code.ResourceExhausted ||
    (typeof cause === "string" && UNREACHABLE.has(cause))
  )
    throw new AppError("UNAVAILABLE", "the catalog cannot be reached for prices right now; retry shortly");
  throw new Error(`catalog BatchGetSkus failed: ${Code[e.code]}: ${e.rawMessage}`, { cause: err });
}

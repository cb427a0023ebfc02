import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { AppError } from "@emporium/platform";
import type { SkuParcels } from "../application/shipping-deps";
import type { PackedSku } from "../domain/shipping-quote";

/** Catalog's BatchGetSkus takes at most this many ids per call. */
const BATCH = 100;

/** SKU weights and sizes from the catalog over Connect, called with shipping's own token. */
export class CatalogSkuParcels implements SkuParcels {
  constructor(private readonly catalog: Client<typeof CatalogService>) {}

  async parcelsOf(skuIds: readonly string[]): Promise<Map<string, PackedSku>> {
    const parcels = new Map<string, PackedSku>();
    for (let i = 0; i < skuIds.length; i += BATCH) {
      const { skus } = await this.catalog.batchGetSkus({ ids: skuIds.slice(i, i + BATCH) }).catch(catalogUnavailable);
      for (const { sku } of skus) {
        if (!sku) continue;
        const d = sku.dimensions;
        parcels.set(sku.id, {
          skuId: sku.id,
          ...(sku.weightGrams !== undefined && { weightGrams: sku.weightGrams }),
          ...(d && { dimensions: { lengthMm: d.lengthMm, widthMm: d.widthMm, heightMm: d.heightMm } }),
        });
      }
    }
    return parcels;
  }
}

/** Retrying may help: the catalog is down, slow or shedding load. */
const RETRYABLE = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.ResourceExhausted]);
/** connect-node reports some refused or reset connections as Internal, with the socket error as cause. */
const NETWORK_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ETIMEDOUT", "EPIPE"]);

/** Catalog down or slow: the caller may retry (UNAVAILABLE); any other failure is a bug here (internal). */
function catalogUnavailable(err: unknown): never {
  if (err instanceof ConnectError) {
    const socketError = (err.cause as { code?: unknown } | undefined)?.code;
    if (RETRYABLE.has(err.code) || NETWORK_ERRORS.has(String(socketError)))
      throw new AppError("UNAVAILABLE", "the catalog cannot be reached for SKU weights right now; retry shortly");
  }
  throw err;
}

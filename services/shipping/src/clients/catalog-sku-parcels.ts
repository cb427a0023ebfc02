import type { Client } from "@connectrpc/connect";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
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
      // Catalog down or slow: UNAVAILABLE; any other failure is ours (the kit's client decides both).
      const { skus } = await this.catalog.batchGetSkus({ ids: skuIds.slice(i, i + BATCH) });
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

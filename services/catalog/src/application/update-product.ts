import { aborted, invalidArgument, notFound, type FieldViolation } from "@emporium/platform";
import type { Product, ProductChanges } from "../domain/product";
import { priceChanges } from "../domain/price-changes";
import { productChangesViolations } from "../domain/product-rules";
import { priceChanged } from "./catalog-events";
import type { CatalogDeps } from "./catalog-deps";

/**
 * Applies the changes that are set, under a row lock, bumping the version once. When prices
 * actually changed, one PriceChanged (at the new version) is recorded in the same transaction.
 */
export async function updateProduct(
  deps: CatalogDeps,
  id: string,
  changes: ProductChanges,
  expectedVersion?: bigint,
): Promise<Product> {
  await deps.products.transaction(async (tx) => {
    const [current] = await tx.findByIds([id]);
    if (!current) throw notFound("product", id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw aborted(`product ${id} is at version ${current.version}, not ${expectedVersion}; re-read it and retry`);
    }
    const violations: FieldViolation[] = productChangesViolations(current, changes);
    if (changes.categoryId !== undefined && !(await tx.categoryExists(changes.categoryId))) {
      violations.push({
        field: "category_id",
        ruleId: "category.exists",
        message: `no category ${changes.categoryId}`,
      });
    }
    if (violations.length) throw invalidArgument(violations);
    const prices = new Map(changes.prices.map((p) => [p.skuId, p.price]));
    const parcels = new Map((changes.parcels ?? []).map(({ skuId, ...parcel }) => [skuId, parcel]));
    const next: Product = {
      ...current,
      name: changes.name ?? current.name,
      description: changes.description ?? current.description,
      category: changes.categoryId ? { ...current.category, id: changes.categoryId } : current.category,
      skus: current.skus.map((s) => ({ ...s, ...parcels.get(s.id), price: prices.get(s.id) ?? s.price })),
      images: changes.images ? changes.images.map((image) => ({ id: deps.newId(), ...image })) : current.images,
    };
    const version = await tx.update(next, deps.clock(), { replaceImages: changes.images !== undefined });
    const changed = priceChanges(current, next);
    if (changed.length) await tx.recordEvent(priceChanged(id, version, changed));
  });
  const [updated] = await deps.products.findByIds([id]);
  return updated!;
}

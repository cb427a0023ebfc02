import { createHash } from "node:crypto";
import { AppError, invalidArgument, type FieldViolation } from "@emporium/platform";
import type { NewProduct, Product } from "../domain/product";
import { newProductViolations } from "../domain/product-rules";
import { productCreated } from "./catalog-events";
import type { CatalogDeps } from "./catalog-deps";

/**
 * Creates a product and its SKUs in one transaction: either all of it is written or nothing, and
 * ProductCreated is recorded in the outbox with it. With an idempotency key, a retry returns the
 * first result (and records nothing); reusing a key for a different request is refused.
 */
export async function createProduct(deps: CatalogDeps, product: NewProduct, idempotencyKey?: string): Promise<Product> {
  const ruleViolations = newProductViolations(product);
  if (ruleViolations.length) throw invalidArgument(ruleViolations);
  const requestHash = createHash("sha256")
    .update(JSON.stringify(product, (_k, v) => (typeof v === "bigint" ? v.toString() : v)))
    .digest("hex");

  const id = await deps.products.transaction(async (tx) => {
    if (idempotencyKey) {
      const previous = await tx.findIdempotentRequest(idempotencyKey);
      if (previous) {
        if (previous.requestHash !== requestHash)
          throw new AppError("FAILED_PRECONDITION", "this idempotency key was already used for a different request");
        return previous.productId;
      }
    }
    const violations: FieldViolation[] = [];
    if (!(await tx.categoryExists(product.categoryId)))
      violations.push({
        field: "category_id",
        ruleId: "category.exists",
        message: `no category ${product.categoryId}`,
      });
    const taken = new Set(await tx.takenSkuCodes(product.skus.map((s) => s.code)));
    product.skus.forEach(
      (s, i) =>
        taken.has(s.code) &&
        violations.push({
          field: `skus[${i}].code`,
          ruleId: "sku.code_unique",
          message: `SKU code ${s.code} is already in use`,
        }),
    );
    if (violations.length) throw invalidArgument(violations);

    const productId = deps.newId();
    await tx.insert(
      {
        product: productId,
        skus: product.skus.map(() => deps.newId()),
        images: (product.images ?? []).map(() => deps.newId()),
      },
      product,
      deps.clock(),
      idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
    );
    const [created] = await tx.findByIds([productId]);
    await tx.recordEvent(productCreated(created!));
    return productId;
  });
  const [created] = await deps.products.findByIds([id]);
  return created!;
}

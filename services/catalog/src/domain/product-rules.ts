import type { FieldViolation } from "@emporium/platform";
import type { NewProduct, Product, ProductChanges } from "./product";

/**
 * Rules that need no storage. Shape rules (lengths, formats, ranges) live in the protos and are
 * enforced before a command gets here; these are the ones that relate fields to each other.
 */
export function newProductViolations(product: NewProduct): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const seen = new Map<string, number>();
  product.skus.forEach((sku, i) => {
    const first = seen.get(sku.code);
    if (first !== undefined)
      violations.push({
        field: `skus[${i}].code`,
        ruleId: "sku.code_unique",
        message: `duplicates the code of skus[${first}]`,
      });
    else seen.set(sku.code, i);
  });
  const currencies = new Set(product.skus.map((s) => s.price.currency));
  if (currencies.size > 1)
    violations.push({
      field: "skus",
      ruleId: "sku.single_currency",
      message: "all SKUs of a product must be priced in one currency",
    });
  return violations;
}

export function productChangesViolations(product: Product, changes: ProductChanges): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const currency = product.skus[0]?.price.currency;
  changes.prices.forEach((p, i) => {
    if (!product.skus.some((s) => s.id === p.skuId))
      violations.push({
        field: `prices[${i}].sku_id`,
        ruleId: "sku.exists",
        message: `product ${product.id} has no SKU ${p.skuId}`,
      });
    else if (p.price.currency !== currency)
      violations.push({
        field: `prices[${i}].price.currency_code`,
        ruleId: "sku.single_currency",
        message: `the product is priced in ${currency}`,
      });
  });
  (changes.parcels ?? []).forEach((p, i) => {
    if (!product.skus.some((s) => s.id === p.skuId))
      violations.push({
        field: `parcels[${i}].sku_id`,
        ruleId: "sku.exists",
        message: `product ${product.id} has no SKU ${p.skuId}`,
      });
  });
  return violations;
}

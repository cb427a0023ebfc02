import { AppError, requireRole, type FieldViolation, type Principal } from "@emporium/platform";
import {
  chargeableGrams,
  quotePrice,
  QUOTE_VALIDITY_MS,
  type Destination,
  type ServiceLevel,
  type ShippingQuote,
} from "../domain/shipping-quote";
import type { ShippingDeps } from "./shipping-deps";

export interface QuoteRequest {
  destination: Destination;
  lines: Array<{ skuId: string; quantity: number }>;
  serviceLevel: ServiceLevel;
}

/**
 * Prices a parcel of catalog SKUs to a destination and stores the quote, shippable for 30 minutes.
 * The weight comes from the catalog (one call for all lines): a SKU it does not know, or whose
 * weight it does not know, cannot be priced, and nothing is stored.
 */
export async function quoteShipping(
  deps: ShippingDeps,
  principal: Principal | undefined,
  request: QuoteRequest,
): Promise<ShippingQuote> {
  const caller = requireRole(principal, "customer", "admin");
  const parcels = await deps.skuParcels.parcelsOf([...new Set(request.lines.map((l) => l.skuId))]);
  const violations: FieldViolation[] = [];
  let weightGrams = 0;
  request.lines.forEach((line, i) => {
    const sku = parcels.get(line.skuId);
    if (!sku)
      return violations.push({ field: `lines[${i}].sku_id`, ruleId: "sku.exists", message: `no SKU ${line.skuId}` });
    if (sku.weightGrams === undefined)
      return violations.push({
        field: `lines[${i}].sku_id`,
        ruleId: "sku.weighed",
        message: `the catalog has no weight for SKU ${line.skuId}; it cannot be shipped yet`,
      });
    weightGrams += chargeableGrams({ ...sku, weightGrams: sku.weightGrams }) * line.quantity;
  });
  if (violations.some((v) => v.ruleId === "sku.exists"))
    throw new AppError("INVALID_ARGUMENT", summary(violations), violations);
  if (violations.length) throw new AppError("FAILED_PRECONDITION", summary(violations), violations);
  const now = deps.clock();
  const quote: ShippingQuote = {
    id: deps.newId(),
    requestedBy: caller.subject,
    destination: request.destination,
    serviceLevel: request.serviceLevel,
    weightGrams,
    price: quotePrice(weightGrams, request.destination, request.serviceLevel),
    createTime: now,
    expireTime: new Date(now.getTime() + QUOTE_VALIDITY_MS),
  };
  await deps.shipping.insertQuote(quote);
  return quote;
}

/** A stored quote by id (who asked for it included), for the orders service; NOT_FOUND when none. */
export async function getShippingQuote(deps: ShippingDeps, quoteId: string): Promise<ShippingQuote> {
  const quote = await deps.shipping.quoteById(quoteId);
  if (!quote) throw new AppError("NOT_FOUND", `no shipping quote ${quoteId}`);
  return quote;
}

const summary = (violations: FieldViolation[]) => violations.map((v) => `${v.field}: ${v.message}`).join("; ");

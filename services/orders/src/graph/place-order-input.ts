import { invalidArgument, moneyFromInput, type FieldViolation } from "@emporium/platform";
import type { FieldNames, PlaceOrderInput } from "../application/place-order";

export interface PlaceOrderArgs {
  idempotencyKey: string;
  cartVersion: string;
  expectedTotal: { amount: string; currency: string };
  shippingAddressId: string;
  paymentMethodToken: string;
  shippingQuoteId?: string | null;
}

export const PLACE_ORDER_FIELDS: FieldNames = {
  idempotencyKey: "input.idempotencyKey",
  cartVersion: "input.cartVersion",
  expectedTotal: "input.expectedTotal",
  shippingAddressId: "input.shippingAddressId",
  linePrice: (i) => `cart.lines[${i}].unitPrice`,
};

const length = (v: FieldViolation[], field: string, value: string, min: number, max: number) => {
  if (value.length < min || value.length > max)
    v.push({ field, ruleId: "string.len", message: `must be ${min} to ${max} characters` });
};

/** PlaceOrderInput checked as the proto checks PlaceOrderRequest: INVALID_ARGUMENT before anything is read or written. */
export function checkPlaceOrder(args: PlaceOrderArgs): PlaceOrderInput {
  const violations: FieldViolation[] = [];
  length(violations, "input.idempotencyKey", args.idempotencyKey, 8, 64);
  length(violations, "input.shippingAddressId", args.shippingAddressId, 1, 64);
  length(violations, "input.paymentMethodToken", args.paymentMethodToken, 1, 200);
  length(violations, "input.shippingQuoteId", args.shippingQuoteId ?? "", 0, 64);
  const cartVersion = /^[1-9][0-9]{0,18}$/.test(args.cartVersion) ? BigInt(args.cartVersion) : 0n;
  if (cartVersion < 1n || cartVersion > 2n ** 63n - 1n)
    violations.push({
      field: "input.cartVersion",
      ruleId: "int64.gte",
      message: "must be the cart's version, 1 or more",
    });
  if (!/^[A-Z]{3}$/.test(args.expectedTotal.currency))
    violations.push({
      field: "input.expectedTotal.currency",
      ruleId: "string.pattern",
      message: "must be an ISO 4217 code",
    });
  const total = moneyFromInput(args.expectedTotal, "input.expectedTotal", violations);
  if (violations.length) throw invalidArgument(violations);
  return {
    idempotencyKey: args.idempotencyKey,
    cartVersion,
    expectedTotal: { currency: total.currencyCode, amountMinor: total.amountMinor },
    shippingAddressId: args.shippingAddressId,
    paymentMethodToken: args.paymentMethodToken,
    shippingQuoteId: args.shippingQuoteId ?? "",
  };
}

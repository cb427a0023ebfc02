import { PlaceOrderRequestSchema } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { AppError, invalidArgument, moneyFromInput, validatedInput, type FieldViolation } from "@emporium/platform";
import type { FieldNames, PlaceOrderInput } from "../application/place-order";

export interface PlaceOrderArgs {
  idempotencyKey: string;
  cartVersion: string;
  expectedTotal: { amount: string; currency: string };
  shippingAddressId: string;
  paymentMethodToken: string;
  shippingQuoteId: string;
}

/** PlaceOrderInput's fields as GraphQL names them. */
export const PLACE_ORDER_FIELDS: FieldNames = {
  idempotencyKey: "idempotencyKey",
  cartVersion: "cartVersion",
  expectedTotal: "expectedTotal",
  shippingAddressId: "shippingAddressId",
  shippingQuoteId: "shippingQuoteId",
  linePrice: (i) => `cart.lines[${i}].unitPrice`,
};

const INT64_MAX = 2n ** 63n - 1n;

/**
 * PlaceOrderInput checked by PlaceOrderRequest's proto rules (as over RPC), plus what GraphQL's
 * types leave open (the version and the amount are strings): INVALID_ARGUMENT with every
 * violation before anything is read or written.
 */
export function placeOrderInput(args: PlaceOrderArgs): PlaceOrderInput {
  const violations: FieldViolation[] = [];
  const version = /^[0-9]{1,19}$/.test(args.cartVersion) ? BigInt(args.cartVersion) : undefined;
  const cartVersion = version !== undefined && version <= INT64_MAX ? version : undefined;
  if (cartVersion === undefined)
    violations.push({ field: "cartVersion", ruleId: "int64.string", message: 'must be the cart\'s version, e.g. "3"' });
  const expectedTotal = moneyFromInput(args.expectedTotal, "expectedTotal", violations);
  try {
    // A version that is no number was reported above; 1 keeps the proto rules from reporting it again.
    validatedInput(PlaceOrderRequestSchema, {
      ...args,
      cartVersion: cartVersion ?? 1n,
      expectedTotal,
    });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "INVALID_ARGUMENT") throw err;
    violations.push(...err.violations);
  }
  if (violations.length) throw invalidArgument(violations);
  return {
    idempotencyKey: args.idempotencyKey,
    cartVersion: cartVersion!,
    expectedTotal: { currency: expectedTotal.currencyCode, amountMinor: expectedTotal.amountMinor },
    shippingAddressId: args.shippingAddressId,
    paymentMethodToken: args.paymentMethodToken,
    shippingQuoteId: args.shippingQuoteId,
  };
}

import { ServiceLevel } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { answerOf, AppError, type FieldViolation, invalidArgument, moneyFromInput } from "@emporium/platform";
import { dateOf, moneyOf } from "../composition/proto-values";
import type { WebContext } from "./web-context";

type QuoteInput = { shippingAddressId: string; serviceLevel: keyof typeof ServiceLevel };
type PlaceInput = {
  idempotencyKey: string;
  cartVersion: string;
  expectedTotal: { amount: string; currency: string };
  shippingAddressId: string;
  shippingQuoteId: string;
  paymentMethodToken: string;
};

/** Checkout in two steps, both on the caller's behalf: quote the cart's shipping, then place the order. */
export const checkoutResolvers = {
  Mutation: {
    async quoteCheckout(_: unknown, { input }: { input: QuoteInput }, ctx: WebContext) {
      const calls = ctx.asCaller();
      // The cart and the address at once; both are the caller's own (their token says whose).
      const [{ cart }, { address }] = await Promise.all([
        answerOf(calls.carts.getCart({})),
        answerOf(calls.customers.getMyAddress({ addressId: input.shippingAddressId }), {
          address_id: "shippingAddressId",
        }),
      ]);
      if (!cart?.subtotal || cart.lines.length === 0)
        throw new AppError("FAILED_PRECONDITION", "the cart is empty: add something before checking out", [
          { field: "cart", ruleId: "cart.not_empty", message: "the cart is empty" },
        ]);
      const { quote } = await answerOf(
        calls.shipping.quoteShipping({
          destination: { countryCode: address!.countryCode, postalCode: address!.postalCode },
          lines: cart.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
          serviceLevel: ServiceLevel[input.serviceLevel],
        }),
      );
      const subtotal = moneyOf(cart.subtotal);
      const shipping = moneyOf(quote!.price!);
      if (subtotal.currency !== shipping.currency)
        throw new AppError("FAILED_PRECONDITION", "shipping is not priced in the cart's currency", [
          { field: "shippingAddressId", ruleId: "quote.currency", message: "shipping is priced in another currency" },
        ]);
      return {
        shippingQuoteId: quote!.id,
        cartVersion: cart.version.toString(),
        serviceLevel: ServiceLevel[quote!.serviceLevel],
        subtotal,
        shipping,
        total: { currency: subtotal.currency, amountMinor: subtotal.amountMinor + shipping.amountMinor },
        expiresAt: dateOf(quote!.expireTime),
      };
    },
    async placeOrder(_: unknown, { input }: { input: PlaceInput }, ctx: WebContext) {
      const violations: FieldViolation[] = [];
      const expectedTotal = moneyFromInput(input.expectedTotal, "expectedTotal", violations);
      if (!/^[1-9][0-9]{0,18}$/.test(input.cartVersion))
        violations.push({ field: "cartVersion", ruleId: "int64.gte", message: "must be a cart version, 1 or more" });
      if (violations.length) throw invalidArgument(violations);
      const { order } = await answerOf(
        ctx.asCaller().orders.placeOrder({ ...input, cartVersion: BigInt(input.cartVersion), expectedTotal }),
      );
      return order;
    },
  },
};

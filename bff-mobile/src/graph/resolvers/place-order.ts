import { OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { answerOf, invalidArgument, moneyFromInput, type FieldViolation } from "@emporium/platform";
import { money } from "../../composition/product-views";
import { callsAs, type MobileContext } from "../context";

interface PlaceOrderInput {
  idempotencyKey: string;
  cartVersion: string;
  expectedTotal: { amount: string; currency: string };
  addressId: string;
  quoteId: string;
  paymentToken: string;
}

/** PlaceOrderRequest's fields as this schema names them (orders' violations are reported with these). */
const RENAMED = {
  idempotency_key: "idempotencyKey",
  cart_version: "cartVersion",
  expected_total: "expectedTotal",
  shipping_address_id: "addressId",
  shipping_quote_id: "quoteId",
  payment_method_token: "paymentToken",
};

const INT64_MAX = 2n ** 63n - 1n;

export const placeOrderResolvers = {
  Mutation: {
    async placeOrder(_: unknown, args: { input: PlaceOrderInput }, ctx: MobileContext) {
      const calls = callsAs(ctx, "customer");
      const { input } = args;
      const violations: FieldViolation[] = [];
      const version = /^[0-9]{1,19}$/.test(input.cartVersion) ? BigInt(input.cartVersion) : INT64_MAX + 1n;
      if (version > INT64_MAX)
        violations.push({
          field: "cartVersion",
          ruleId: "int64.string",
          message: 'must be the cart\'s version, e.g. "3"',
        });
      const expectedTotal = moneyFromInput(input.expectedTotal, "expectedTotal", violations);
      if (violations.length) throw invalidArgument(violations);
      // The rest (key length, the tok_ pattern, the quote and the prices) orders checks and refuses.
      const res = await answerOf(
        calls.orders.placeOrder({
          idempotencyKey: input.idempotencyKey,
          cartVersion: version,
          expectedTotal,
          shippingAddressId: input.addressId,
          shippingQuoteId: input.quoteId,
          paymentMethodToken: input.paymentToken,
        }),
        RENAMED,
      );
      const order = res.order!;
      return { orderId: order.id, status: OrderStatus[order.status], total: money(order.total) };
    },
  },
};

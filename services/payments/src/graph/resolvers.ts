import DataLoader from "dataloader";
import { AppError, DateTimeScalar, moneyResolvers, requireRole, type Principal } from "@emporium/platform";
import type { PaymentsDeps } from "../application/payments-deps";
import { currentPayment } from "../application/read-payments";
import { captured, isOwnPayment, refunded, type Payment } from "../domain/payment";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  /** Every order of one GraphQL request costs one query, whatever path reaches it. */
  paymentsByOrder: DataLoader<string, Payment[]>;
}

export function graphContext(deps: PaymentsDeps): Omit<GraphContext, "requestId" | "principal"> {
  return {
    paymentsByOrder: new DataLoader(
      async (orderIds) => {
        const payments = await deps.payments.byOrders(orderIds);
        return orderIds.map((id) => payments.filter((p) => p.orderId === id));
      },
      { maxBatchSize: 500 },
    ),
  };
}

/**
 * Checked on the field, so no path (an order query, `_entities`) skips it: people only, and of them
 * the payment's customer and admins. An order without a payment is null for any signed-in person.
 */
async function orderPayment(order: { id: string }, _: unknown, ctx: GraphContext): Promise<Payment | null> {
  const person = requireRole(ctx.principal, "customer", "admin");
  const payment = currentPayment(await ctx.paymentsByOrder.load(order.id));
  if (!payment) return null;
  if (!person.roles.includes("admin") && !isOwnPayment(payment, person.subject))
    throw new AppError("PERMISSION_DENIED", "an order's payment is visible to its customer and admins only");
  return payment;
}

export const resolvers = {
  DateTime: DateTimeScalar,
  Money: moneyResolvers,
  Order: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    payment: orderPayment,
  },
  Payment: {
    amount: (p: Payment) => ({ ...captured(p), amountMinor: p.capturedMinor - p.refundedMinor }),
    authorizedAmount: (p: Payment) => p.authorized,
    capturedAmount: captured,
    refundedAmount: refunded,
    currency: (p: Payment) => p.authorized.currency,
    declineReason: (p: Payment) => p.declineReason ?? null,
    createdAt: (p: Payment) => p.createTime,
    updatedAt: (p: Payment) => p.updateTime,
  },
};

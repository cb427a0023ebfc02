import { requireRole, type Money, type Principal } from "@emporium/platform";
import { decideCheckout } from "../domain/checkout";
import type { Order } from "../domain/order";
import { changeOrder, type CommandContext } from "./order-commands";
import type { OrdersDeps } from "./orders-deps";

/**
 * An admin gives back part or all (no amount: everything still refundable) of a DELIVERED order's
 * payment. The refund is sent to payments as its own step (`<order id>:refund:<n>`); the answer
 * shows it REQUESTED, and the order records what payments refunded once it answers. One refund at
 * a time; more than is left, another currency or another status is FAILED_PRECONDITION.
 */
export function refundOrder(
  deps: OrdersDeps,
  principal: Principal | undefined,
  ctx: CommandContext,
  input: { orderId: string; amount?: Money; reason: string },
): Promise<Order> {
  requireRole(principal, "admin");
  const reason = input.reason.trim() || "refunded by an admin";
  return changeOrder(
    deps,
    ctx,
    input.orderId,
    () => true,
    (order, at) => decideCheckout(order, { kind: "refund", amount: input.amount, reason }, at, deps.checkout),
  );
}

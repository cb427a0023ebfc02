import { requireRole, type Principal } from "@emporium/platform";
import { cancelOrder as decideCancel } from "../domain/order-aggregate";
import type { Order } from "../domain/order";
import { changeOrder, type CommandContext } from "./order-commands";
import type { OrdersDeps } from "./orders-deps";

/** A customer cancels one of their own PENDING orders; anyone else's is NOT_FOUND. */
export function cancelOrder(
  deps: OrdersDeps,
  principal: Principal | undefined,
  ctx: CommandContext,
  input: { orderId: string; reason: string },
): Promise<Order> {
  const customer = requireRole(principal, "customer");
  const reason = input.reason.trim() || "cancelled by the customer";
  return changeOrder(
    deps,
    ctx,
    input.orderId,
    (order) => order.customerId === customer.subject,
    (order, at) => decideCancel(order, reason, at),
  );
}

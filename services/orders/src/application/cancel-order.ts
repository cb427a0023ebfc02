import { requireRole, type Principal } from "@emporium/platform";
import { decideCheckout } from "../domain/checkout";
import type { Order } from "../domain/order";
import { changeOrder, type CommandContext } from "./order-commands";
import type { OrdersDeps } from "./orders-deps";

/**
 * A customer cancels one of their own orders (anyone else's is NOT_FOUND); an admin any order.
 * A PENDING order stops its checkout, a CONFIRMED one (its parcel not yet in transit) gets its
 * shipment cancelled, its payment refunded and its stock returned; the answer shows the
 * cancellation under way, and the order turns CANCELLED once that is done. Any other status is
 * FAILED_PRECONDITION.
 */
export function cancelOrder(
  deps: OrdersDeps,
  principal: Principal | undefined,
  ctx: CommandContext,
  input: { orderId: string; reason: string },
): Promise<Order> {
  const caller = requireRole(principal, "customer", "admin");
  const isAdmin = caller.roles.includes("admin");
  return changeOrder(
    deps,
    ctx,
    input.orderId,
    (order) => order.customerId === caller.subject || isAdmin,
    (order, at) => {
      const byOwner = order.customerId === caller.subject;
      const reason = input.reason.trim() || (byOwner ? "cancelled by the customer" : "cancelled by an admin");
      return decideCheckout(order, { kind: "cancel", reason }, at, deps.checkout);
    },
  );
}

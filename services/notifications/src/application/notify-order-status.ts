import type { OrderStatusChanged } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { OrderNotificationKind } from "../domain/render";
import type { NotificationRepositories } from "./notifications-deps";
import { recordNotifications, requireFields, type HandlerDeps, type SourceEvent } from "./record-notifications";

/** The statuses a customer is told about; PENDING (they just placed it) is not news. */
const KIND_OF_STATUS: Partial<Record<OrderStatus, OrderNotificationKind>> = {
  [OrderStatus.CONFIRMED]: "order_confirmed",
  [OrderStatus.CANCELLED]: "order_cancelled",
  [OrderStatus.FAILED]: "order_failed",
  [OrderStatus.SHIPPED]: "order_shipped",
  [OrderStatus.DELIVERED]: "order_delivered",
};

/** OrderStatusChanged → "confirmed", "cancelled", "failed", "shipped" or "delivered" to the order's customer. */
export async function notifyOrderStatus(
  deps: HandlerDeps,
  tx: NotificationRepositories,
  event: OrderStatusChanged,
  source: SourceEvent,
): Promise<number> {
  requireFields(source, { order_id: event.orderId, customer_id: event.customerId });
  const kind = KIND_OF_STATUS[event.status];
  if (!kind) return 0;
  const contact = await tx.contacts.get(event.customerId);
  return recordNotifications(deps, tx, source, [{ customerId: event.customerId, contact }], {
    kind,
    orderId: event.orderId,
    reason: event.reason,
  });
}

import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof NotificationsService.method) =>
  `${NotificationsService.typeName}/${NotificationsService.method[method].name}`;
const signedIn: RpcAccess = { roles: ["customer", "admin"] };

/** Everything here is about the signed-in person: no public RPC, no service caller. */
export const notificationsAccess: Record<string, RpcAccess> = {
  [rpc("watchProduct")]: signedIn,
  [rpc("unwatchProduct")]: signedIn,
  [rpc("listWatchedProducts")]: signedIn,
  [rpc("listNotifications")]: signedIn,
  [rpc("markNotificationRead")]: signedIn,
};

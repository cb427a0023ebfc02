import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof InventoryService.method) =>
  `${InventoryService.typeName}/${InventoryService.method[method].name}`;

/** Availability is public; reservations are for the orders service (the saga); stock changes for admins. */
export const inventoryAccess: Record<string, RpcAccess> = {
  [rpc("getAvailability")]: { public: true },
  [rpc("batchGetAvailability")]: { public: true },
  [rpc("reserveStock")]: { serviceCallers: ["orders"] },
  [rpc("releaseReservation")]: { serviceCallers: ["orders"] },
  [rpc("commitReservation")]: { serviceCallers: ["orders"] },
  [rpc("adjustStock")]: { roles: ["admin"] },
};

import type { ConnectRouter } from "@connectrpc/connect";
import { readMaskOf, type RpcAdapter } from "@emporium/platform";
import { SkuAvailabilitySchema } from "@emporium/contracts/emporium/inventory/v1/inventory_pb";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { adjustStock } from "../application/adjust-stock";
import { batchGetAvailability, getAvailability } from "../application/availability";
import type { InventoryDeps } from "../application/inventory-deps";
import { inventoryAccess } from "./inventory-access";
import { commitReservation, releaseReservation, reserveStock } from "../application/reservations";
import { availabilityToProto, reservationToProto } from "./proto-mapping";

export function inventoryRoutes(deps: InventoryDeps) {
  return (router: ConnectRouter) =>
    router.service(InventoryService, {
      async getAvailability(req) {
        const mask = readMaskOf(SkuAvailabilitySchema, req.readMask);
        return { availability: mask.apply(availabilityToProto(await getAvailability(deps, req.skuId))) };
      },
      async batchGetAvailability(req) {
        const mask = readMaskOf(SkuAvailabilitySchema, req.readMask);
        const { availabilities, missingSkuIds } = await batchGetAvailability(deps, req.skuIds);
        return { availabilities: availabilities.map((a) => mask.apply(availabilityToProto(a))), missingSkuIds };
      },
      async reserveStock(req) {
        const reservation = await reserveStock(deps, {
          lines: req.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
          ttlSeconds: req.ttlSeconds,
          idempotencyKey: req.idempotencyKey || undefined,
          reference: req.reference,
        });
        return { reservation: reservationToProto(reservation) };
      },
      async releaseReservation(req) {
        return { reservation: reservationToProto(await releaseReservation(deps, req.reservationId)) };
      },
      async commitReservation(req) {
        return { reservation: reservationToProto(await commitReservation(deps, req.reservationId)) };
      },
      async adjustStock(req) {
        return {
          availability: availabilityToProto(
            await adjustStock(deps, {
              skuId: req.skuId,
              warehouseId: req.warehouseId,
              delta: req.delta,
              productId: req.productId || undefined,
            }),
          ),
        };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const inventoryRpc: RpcAdapter<InventoryDeps> = {
  services: [InventoryService],
  routes: inventoryRoutes,
  access: inventoryAccess,
};

import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  ReservationSchema,
  ReservationStatus,
  SkuAvailabilitySchema,
} from "@emporium/contracts/emporium/inventory/v1/inventory_pb";
import { available, totals, type Reservation, type SkuAvailability } from "../domain/stock";

export function availabilityToProto(a: SkuAvailability) {
  const t = totals(a);
  return create(SkuAvailabilitySchema, {
    skuId: a.skuId,
    productId: a.productId,
    available: t.available,
    onHand: t.onHand,
    reserved: t.reserved,
    warehouses: a.warehouses.map((w) => ({
      warehouseId: w.warehouseId,
      onHand: w.onHand,
      reserved: w.reserved,
      available: available(w),
    })),
    version: a.version,
  });
}

export function reservationToProto(r: Reservation) {
  return create(ReservationSchema, {
    id: r.id,
    status: ReservationStatus[r.status],
    reference: r.reference,
    lines: r.lines,
    createTime: timestampFromDate(r.createTime),
    expireTime: timestampFromDate(r.expireTime),
  });
}

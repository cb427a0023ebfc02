/** Stock of one SKU in one warehouse; `reserved` is held by active reservations. */
export interface WarehouseStock {
  warehouseId: string;
  onHand: bigint;
  reserved: bigint;
}

export interface SkuAvailability {
  skuId: string;
  productId: string;
  warehouses: WarehouseStock[];
  /** Moves on with every change of the SKU's stock; each event about the SKU carries the version it produced. */
  version: bigint;
}

export const available = (w: Pick<WarehouseStock, "onHand" | "reserved">) => w.onHand - w.reserved;
export const totals = (a: SkuAvailability) => ({
  onHand: a.warehouses.reduce((n, w) => n + w.onHand, 0n),
  reserved: a.warehouses.reduce((n, w) => n + w.reserved, 0n),
  available: a.warehouses.reduce((n, w) => n + available(w), 0n),
});

export type ReservationStatus = "ACTIVE" | "COMMITTED" | "RELEASED" | "EXPIRED";

export interface ReservedLine {
  skuId: string;
  warehouseId: string;
  quantity: bigint;
}

/** RPC: made by a caller over ReserveStock. SAGA: an order's, made by a ReserveStockCommand (reference = order id). */
export type ReservationOrigin = "RPC" | "SAGA";

export interface Reservation {
  id: string;
  status: ReservationStatus;
  origin: ReservationOrigin;
  reference: string;
  lines: ReservedLine[];
  createTime: Date;
  expireTime: Date;
  /** When a committed reservation's stock went back on hand (the order was cancelled). */
  returnTime?: Date;
}

/**
 * Splits a wanted quantity over warehouses, fullest first, so an order ships from as few places as
 * possible. Returns undefined when all of them together do not have enough.
 */
export function allocate(
  stock: readonly WarehouseStock[],
  quantity: bigint,
): Array<{ warehouseId: string; quantity: bigint }> | undefined {
  const out: Array<{ warehouseId: string; quantity: bigint }> = [];
  let left = quantity;
  for (const w of [...stock].sort((a, b) =>
    available(b) > available(a) ? 1 : available(b) < available(a) ? -1 : a.warehouseId.localeCompare(b.warehouseId),
  )) {
    if (left === 0n) break;
    const take = available(w) < left ? available(w) : left;
    if (take > 0n) {
      out.push({ warehouseId: w.warehouseId, quantity: take });
      left -= take;
    }
  }
  return left === 0n ? out : undefined;
}

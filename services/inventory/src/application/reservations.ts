import { AppError, notFound, type FieldViolation } from "@emporium/platform";
import { allocate, type Reservation, type ReservedLine } from "../domain/stock";
import type { InventoryDeps } from "./inventory-deps";

export const DEFAULT_TTL_SECONDS = 15 * 60;

export interface ReserveCommand {
  lines: Array<{ skuId: string; quantity: bigint }>;
  ttlSeconds?: number;
  idempotencyKey?: string;
  reference?: string;
}

/**
 * Holds stock for every line or for none. Stock rows are locked in a fixed order, so concurrent
 * reservations queue instead of overselling; the database CHECK (reserved <= on_hand) backs it up.
 */
export async function reserveStock(deps: InventoryDeps, cmd: ReserveCommand): Promise<Reservation> {
  const wanted = new Map<string, bigint>();
  for (const l of cmd.lines) wanted.set(l.skuId, (wanted.get(l.skuId) ?? 0n) + l.quantity);
  return deps.inventory.transaction(async (tx) => {
    if (cmd.idempotencyKey) {
      const previous = await tx.reservationByKey(cmd.idempotencyKey);
      if (previous) return previous;
    }
    const stock = new Map((await tx.lockStock([...wanted.keys()])).map((a) => [a.skuId, a]));
    const lines: ReservedLine[] = [];
    const violations: FieldViolation[] = [];
    cmd.lines.forEach((line, i) => {
      if (lines.some((l) => l.skuId === line.skuId) || violations.some((v) => v.field === `lines[${i}]`)) return;
      const sku = stock.get(line.skuId);
      if (!sku) return violations.push({ field: `lines[${i}].sku_id`, ruleId: "sku.stocked", message: `inventory does not stock SKU ${line.skuId}` });
      const split = allocate(sku.warehouses, wanted.get(line.skuId)!);
      if (!split) return violations.push({ field: `lines[${i}].quantity`, ruleId: "stock.sufficient", message: `only ${sku.warehouses.reduce((n, w) => n + w.onHand - w.reserved, 0n)} of SKU ${line.skuId} available` });
      for (const s of split) lines.push({ skuId: line.skuId, ...s });
    });
    if (violations.length) throw new AppError("FAILED_PRECONDITION", violations.map((v) => v.message).join("; "), violations);
    const now = deps.clock();
    const reservation: Reservation = {
      id: deps.newId(),
      status: "ACTIVE",
      reference: cmd.reference ?? "",
      lines,
      createTime: now,
      expireTime: new Date(now.getTime() + (cmd.ttlSeconds || DEFAULT_TTL_SECONDS) * 1000),
    };
    await tx.insertReservation(reservation, cmd.idempotencyKey);
    return reservation;
  });
}

/** Release and commit are idempotent for the same outcome; a different outcome is refused. */
async function finish(deps: InventoryDeps, id: string, status: "RELEASED" | "COMMITTED"): Promise<Reservation> {
  return deps.inventory.transaction(async (tx) => {
    const r = await tx.lockReservation(id);
    if (!r) throw notFound("reservation", id);
    if (r.status === status) return r;
    if (r.status !== "ACTIVE") throw new AppError("FAILED_PRECONDITION", `reservation ${id} is ${r.status.toLowerCase()}, it cannot be ${status.toLowerCase()}`);
    await tx.finish(r, status);
    return { ...r, status };
  });
}

export const releaseReservation = (deps: InventoryDeps, id: string) => finish(deps, id, "RELEASED");
export const commitReservation = (deps: InventoryDeps, id: string) => finish(deps, id, "COMMITTED");

/** Gives back the stock of reservations past their expiry; safe to run in several instances. */
export async function expireReservations(deps: InventoryDeps, batch = 100): Promise<number> {
  return deps.inventory.transaction(async (tx) => {
    const due = await tx.dueReservations(deps.clock(), batch);
    for (const r of due) await tx.finish(r, "EXPIRED");
    return due.length;
  });
}

import { AppError, notFound, type FieldViolation } from "@emporium/platform";
import { allocate, type Reservation, type ReservationOrigin, type ReservedLine } from "../domain/stock";
import type { InventoryDeps, InventoryTransaction } from "./inventory-deps";
import { recordStockChanges } from "./record-stock-changes";

export const DEFAULT_TTL_SECONDS = 15 * 60;

export interface ReserveCommand {
  lines: Array<{ skuId: string; quantity: bigint }>;
  /** How long the stock is held (default DEFAULT_TTL_SECONDS); `holdUntil` instead gives the moment. */
  ttlSeconds?: number;
  holdUntil?: Date;
  idempotencyKey?: string;
  reference?: string;
  origin?: ReservationOrigin;
}

/** Why a line of a reservation could not be held; `line` is its index in the command. */
export type StockRefusal =
  | { kind: "UNKNOWN_SKU"; line: number; skuId: string }
  | { kind: "INSUFFICIENT_STOCK"; line: number; skuId: string; requested: bigint; available: bigint };

export const refusalMessage = (r: StockRefusal) =>
  r.kind === "UNKNOWN_SKU"
    ? `inventory does not stock SKU ${r.skuId}`
    : `only ${r.available} of SKU ${r.skuId} available`;

/**
 * Holds stock for every line or for none, inside the caller's transaction: the RPC and the saga's
 * ReserveStockCommand share it. Stock rows are locked in a fixed order, so concurrent reservations
 * queue instead of overselling; the database CHECK (reserved <= on_hand) backs it up. Records
 * StockReserved per SKU (and StockDepleted for a SKU it took to 0), then its StockAvailabilityChanged.
 * A refusal writes nothing.
 */
export async function holdStock(
  deps: Pick<InventoryDeps, "clock" | "newId">,
  tx: InventoryTransaction,
  cmd: ReserveCommand,
): Promise<{ reservation: Reservation } | { refusals: StockRefusal[] }> {
  const wanted = new Map<string, bigint>();
  for (const l of cmd.lines) wanted.set(l.skuId, (wanted.get(l.skuId) ?? 0n) + l.quantity);
  const before = await tx.lockStock([...wanted.keys()]);
  const stock = new Map(before.map((a) => [a.skuId, a]));
  const lines: ReservedLine[] = [];
  const refusals: StockRefusal[] = [];
  cmd.lines.forEach((line, i) => {
    // A SKU on several lines is held (or refused) once, for their sum, at its first line.
    if (cmd.lines.findIndex((l) => l.skuId === line.skuId) !== i) return;
    const sku = stock.get(line.skuId);
    if (!sku) return refusals.push({ kind: "UNKNOWN_SKU", line: i, skuId: line.skuId });
    const requested = wanted.get(line.skuId)!;
    const split = allocate(sku.warehouses, requested);
    if (!split)
      return refusals.push({
        kind: "INSUFFICIENT_STOCK",
        line: i,
        skuId: line.skuId,
        requested,
        available: sku.warehouses.reduce((n, w) => n + w.onHand - w.reserved, 0n),
      });
    for (const s of split) lines.push({ skuId: line.skuId, ...s });
  });
  if (refusals.length) return { refusals };
  const now = deps.clock();
  const reservation: Reservation = {
    id: deps.newId(),
    status: "ACTIVE",
    origin: cmd.origin ?? "RPC",
    reference: cmd.reference ?? "",
    lines,
    createTime: now,
    expireTime: cmd.holdUntil ?? new Date(now.getTime() + (cmd.ttlSeconds || DEFAULT_TTL_SECONDS) * 1000),
  };
  await tx.insertReservation(reservation, cmd.idempotencyKey);
  await recordStockChanges(tx, [...wanted.keys()], before, (skuId) => ({
    kind: "reserved",
    reservationId: reservation.id,
    quantity: wanted.get(skuId)!,
  }));
  return { reservation };
}

/** ReserveStock over RPC: a retry with the same idempotency key returns the first reservation. */
export async function reserveStock(deps: InventoryDeps, cmd: ReserveCommand): Promise<Reservation> {
  return deps.inventory.transaction(async (tx) => {
    if (cmd.idempotencyKey) {
      const previous = await tx.reservationByKey(cmd.idempotencyKey);
      if (previous) return previous;
    }
    const held = await holdStock(deps, tx, cmd);
    if ("reservation" in held) return held.reservation;
    const violations: FieldViolation[] = held.refusals.map((r) =>
      r.kind === "UNKNOWN_SKU"
        ? { field: `lines[${r.line}].sku_id`, ruleId: "sku.stocked", message: refusalMessage(r) }
        : { field: `lines[${r.line}].quantity`, ruleId: "stock.sufficient", message: refusalMessage(r) },
    );
    throw new AppError("FAILED_PRECONDITION", violations.map((v) => v.message).join("; "), violations);
  });
}

/**
 * Ends an active reservation and records what that did to each SKU: StockReleased (released,
 * expired), then StockReplenished for a SKU that was at 0, then StockAvailabilityChanged. A commit
 * records no event (the stock left the warehouse; available is unchanged) but still moves the SKUs'
 * versions.
 */
export async function endReservation(
  tx: InventoryTransaction,
  r: Reservation,
  status: Exclude<Reservation["status"], "ACTIVE">,
): Promise<void> {
  const quantities = new Map<string, bigint>();
  for (const l of r.lines) quantities.set(l.skuId, (quantities.get(l.skuId) ?? 0n) + l.quantity);
  const skuIds = [...quantities.keys()];
  const before = await tx.lockStock(skuIds);
  await tx.finish(r, status);
  await recordStockChanges(tx, skuIds, before, (skuId) =>
    status === "COMMITTED"
      ? undefined
      : { kind: "released", reservationId: r.id, quantity: quantities.get(skuId)!, reason: status },
  );
}

/** Release and commit are idempotent for the same outcome; a different outcome is refused. */
async function finish(deps: InventoryDeps, id: string, status: "RELEASED" | "COMMITTED"): Promise<Reservation> {
  return deps.inventory.transaction(async (tx) => {
    const r = await tx.lockReservation(id);
    if (!r) throw notFound("reservation", id);
    if (r.status === status) return r;
    if (r.status !== "ACTIVE")
      throw new AppError(
        "FAILED_PRECONDITION",
        `reservation ${id} is ${r.status.toLowerCase()}, it cannot be ${status.toLowerCase()}`,
      );
    await endReservation(tx, r, status);
    return { ...r, status };
  });
}

export const releaseReservation = (deps: InventoryDeps, id: string) => finish(deps, id, "RELEASED");
export const commitReservation = (deps: InventoryDeps, id: string) => finish(deps, id, "COMMITTED");

/**
 * Gives back the stock of reservations past their expiry; safe to run in several instances. The
 * SKUs of the whole batch are locked up front, in order, so two sweepers (or a sweeper and a
 * reservation) never wait on each other in a cycle.
 */
export async function expireReservations(deps: InventoryDeps, batch = 100): Promise<number> {
  return deps.inventory.transaction(async (tx) => {
    const due = await tx.dueReservations(deps.clock(), batch);
    await tx.lockSkus([...new Set(due.flatMap((r) => r.lines.map((l) => l.skuId)))]);
    for (const r of due) await endReservation(tx, r, "EXPIRED");
    return due.length;
  });
}

import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  ReservationCommitFailedSchema,
  ReservationCommittedSchema,
  ReservationReleasedSchema,
  ReservationReleaseFailedSchema,
  StockReservationFailedSchema,
  StockReservationFailureReason,
  StockReservationSucceededSchema,
  StockReturnedSchema,
  StockReturnFailedSchema,
  StockShortageSchema,
  type CommitReservationCommand,
  type ReleaseReservationCommand,
  type ReserveStockCommand,
  type ReturnStockCommand,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import { AppError } from "@emporium/platform";
import type { Reservation } from "../domain/stock";
import type { InventoryDeps, InventoryTransaction, ReplyKind } from "./inventory-deps";
import { recordStockChanges } from "./record-stock-changes";
import { endReservation, holdStock, refusalMessage } from "./reservations";

/**
 * The commands of the checkout saga (ADR 0017), each answered with exactly one reply, recorded in
 * the outbox in the caller's transaction (the one holding the message's inbox row) together with
 * the command's effect. Repeats are harmless at two levels: the inbox drops a message delivered
 * twice, and the correlation id names the step, so the same step sent again (a new message) is
 * answered with the step's first outcome and changes nothing.
 */

export type SagaStepDeps = Pick<InventoryDeps, "clock" | "newId">;

/** A reply to record: an event of the inventory service about the order (aggregate id = order id). */
export interface Reply {
  schema: DescMessage;
  message: MessageShape<DescMessage>;
}

/** What every command of the saga carries. */
interface OrderCommand {
  $typeName: string;
  orderId: string;
  correlationId: string;
  expireTime?: Timestamp;
}

/**
 * One command's handling. `handle` decides it (or refuses it when it is past its expire_time by
 * the service's clock); `expired` is for a command the messaging adapter already found too late.
 * Both return the reply they recorded. Throws AppError INVALID_ARGUMENT for a command nobody can
 * be answered about (no order id, correlation id or expire_time): it can never succeed.
 */
export interface SagaCommandHandler<Command> {
  handle(deps: SagaStepDeps, tx: InventoryTransaction, command: Command, trace?: Trace): Promise<Reply>;
  expired(deps: SagaStepDeps, tx: InventoryTransaction, command: Command, trace?: Trace): Promise<Reply>;
}

/** The command's trace context: its reply continues the trace. */
export interface Trace {
  traceparent?: string;
}

/** Quantities a line of a ReserveStockCommand may ask for: the ReserveStock RPC's bounds. */
export const MAX_LINE_QUANTITY = 10_000n;

const reply = <Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>): Reply => ({
  schema,
  message: create(schema, init) as MessageShape<DescMessage>,
});

const REPLY_SCHEMAS = new Map<string, DescMessage>(
  [
    StockReservationSucceededSchema,
    StockReservationFailedSchema,
    ReservationCommittedSchema,
    ReservationCommitFailedSchema,
    ReservationReleasedSchema,
    ReservationReleaseFailedSchema,
    StockReturnedSchema,
    StockReturnFailedSchema,
  ].map((s) => [s.typeName, s]),
);

function deadlineOf(command: OrderCommand): Date {
  const missing = (["orderId", "correlationId", "expireTime"] as const).filter((f) => !command[f]);
  if (missing.length)
    throw new AppError(
      "INVALID_ARGUMENT",
      `a ${command.$typeName} without ${missing.join(", ")} cannot be answered`,
      missing.map((f) => ({ field: snake(f), ruleId: "required", message: "every saga command carries it" })),
    );
  return timestampDate(command.expireTime!);
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Records the reply in the outbox and in the order's reply log, which numbers it. */
async function send(
  deps: SagaStepDeps,
  tx: InventoryTransaction,
  command: OrderCommand,
  r: Reply,
  kind: ReplyKind,
  trace: Trace,
): Promise<Reply> {
  const version = await tx.logReply({
    orderId: command.orderId,
    correlationId: command.correlationId,
    commandType: command.$typeName,
    replyType: r.schema.typeName,
    payload: toBinary(r.schema, r.message),
    kind,
    at: deps.clock(),
  });
  await tx.recordEvent({
    schema: r.schema,
    payload: r.message,
    aggregateId: command.orderId,
    aggregateVersion: version,
    traceparent: trace.traceparent,
  });
  return r;
}

/**
 * A saga step: under the order's lock, a step that was decided before is answered with its first
 * outcome again (even when this copy came late: that outcome is what happened); otherwise a late
 * command gets its failure and changes nothing; otherwise `decide` makes the effect and the reply.
 */
function sagaStep<Command extends OrderCommand>(
  decide: (deps: SagaStepDeps, tx: InventoryTransaction, command: Command) => Promise<Reply>,
  tooLate: (command: Command, deadline: Date) => Reply,
): SagaCommandHandler<Command> {
  const run = async (deps: SagaStepDeps, tx: InventoryTransaction, command: Command, late: boolean, trace: Trace) => {
    const deadline = deadlineOf(command);
    await tx.lockOrder(command.orderId);
    const first = await tx.stepOutcome(command.correlationId);
    if (first) {
      if (first.commandType !== command.$typeName || first.orderId !== command.orderId)
        throw new AppError(
          "INVALID_ARGUMENT",
          `correlation id ${command.correlationId} already names a ${first.commandType} of order ${first.orderId}`,
        );
      const schema = REPLY_SCHEMAS.get(first.replyType)!;
      return send(deps, tx, command, { schema, message: fromBinary(schema, first.payload) }, "repeat", trace);
    }
    if (late || deadline <= deps.clock()) return send(deps, tx, command, tooLate(command, deadline), "expired", trace);
    return send(deps, tx, command, await decide(deps, tx, command), "outcome", trace);
  };
  return {
    handle: (deps, tx, command, trace = {}) => run(deps, tx, command, false, trace),
    expired: (deps, tx, command, trace = {}) => run(deps, tx, command, true, trace),
  };
}

/** The reason of a late command's failure reply (which also says `expired: true`, where it has the field). */
const tooLateFor = (deadline: Date, effect: string) =>
  `the command expired at ${deadline.toISOString()} before inventory took it; nothing was ${effect}`;

const ids = (c: OrderCommand) => ({ orderId: c.orderId, correlationId: c.correlationId });

// ReserveStockCommand

const reservationFailed = (
  c: ReserveStockCommand,
  reason: StockReservationFailureReason,
  message: string,
  shortages: Array<MessageInitShape<typeof StockShortageSchema>> = [],
) => reply(StockReservationFailedSchema, { ...ids(c), reason, message, shortages });

const reservationSucceeded = (c: ReserveStockCommand, r: Reservation) =>
  reply(StockReservationSucceededSchema, {
    ...ids(c),
    reservationId: r.id,
    holdUntil: timestampFromDate(r.expireTime),
  });

/** What is wrong with the command on its own, if anything. */
function invalidReservation(c: ReserveStockCommand, now: Date): string | undefined {
  if (c.lines.length === 0) return "the command has no lines";
  const problems = c.lines.flatMap((l, i) => [
    ...(l.skuId ? [] : [`lines[${i}].sku_id is empty`]),
    ...(l.quantity > 0n && l.quantity <= MAX_LINE_QUANTITY
      ? []
      : [`lines[${i}].quantity must be between 1 and ${MAX_LINE_QUANTITY} (got ${l.quantity})`]),
  ]);
  if (!c.holdUntil) problems.push("hold_until is missing");
  else if (timestampDate(c.holdUntil) <= now)
    problems.push(`hold_until (${timestampDate(c.holdUntil).toISOString()}) is not in the future`);
  return problems.length ? problems.join("; ") : undefined;
}

/**
 * Holds every line of the order or none (the ReserveStock use case's holdStock), until hold_until.
 * An order has one reservation: while it holds stock, reserving again answers with it; a released
 * order (even released before it held anything: a tombstone) is refused.
 */
async function decideReservation(deps: SagaStepDeps, tx: InventoryTransaction, c: ReserveStockCommand) {
  const { RELEASED, EXPIRED, UNKNOWN_SKU, INSUFFICIENT_STOCK, UNSPECIFIED } = StockReservationFailureReason;
  if (await tx.hasTombstone(c.orderId))
    return reservationFailed(c, RELEASED, `order ${c.orderId} was released before its stock was reserved`);
  const existing = await tx.orderReservation(c.orderId);
  if (existing?.status === "ACTIVE") return reservationSucceeded(c, existing);
  if (existing)
    return reservationFailed(
      c,
      existing.status === "RELEASED" ? RELEASED : existing.status === "EXPIRED" ? EXPIRED : UNSPECIFIED,
      `the reservation of order ${c.orderId} was already ${existing.status.toLowerCase()}`,
    );
  const invalid = invalidReservation(c, deps.clock());
  if (invalid) return reservationFailed(c, UNSPECIFIED, invalid);
  const held = await holdStock(deps, tx, {
    lines: c.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    holdUntil: timestampDate(c.holdUntil!),
    reference: c.orderId,
    origin: "SAGA",
  });
  if ("reservation" in held) return reservationSucceeded(c, held.reservation);
  const shortages = held.refusals.flatMap((r) =>
    r.kind === "INSUFFICIENT_STOCK" ? [{ skuId: r.skuId, requested: r.requested, available: r.available }] : [],
  );
  return reservationFailed(
    c,
    held.refusals.some((r) => r.kind === "UNKNOWN_SKU") ? UNKNOWN_SKU : INSUFFICIENT_STOCK,
    held.refusals.map(refusalMessage).join("; "),
    shortages,
  );
}

export const reserveStockCommand = sagaStep<ReserveStockCommand>(decideReservation, (c, deadline) =>
  reservationFailed(c, StockReservationFailureReason.EXPIRED, tooLateFor(deadline, "reserved")),
);

// CommitReservationCommand

const commitFailed = (c: CommitReservationCommand, reason: string) =>
  reply(ReservationCommitFailedSchema, { ...ids(c), reason });

/** The order's held stock leaves on hand. A reservation past its hold is expired now, not committed. */
async function decideCommit(deps: SagaStepDeps, tx: InventoryTransaction, c: CommitReservationCommand) {
  const r = await tx.orderReservation(c.orderId);
  const committed = () => reply(ReservationCommittedSchema, { ...ids(c), reservationId: r!.id });
  if (!r)
    return commitFailed(
      c,
      (await tx.hasTombstone(c.orderId))
        ? `order ${c.orderId} was released before it held any stock`
        : `order ${c.orderId} holds no reservation`,
    );
  if (r.status === "COMMITTED") return committed();
  if (r.status === "ACTIVE" && r.expireTime > deps.clock()) {
    await endReservation(tx, r, "COMMITTED");
    return committed();
  }
  if (r.status === "ACTIVE") await endReservation(tx, r, "EXPIRED");
  return commitFailed(
    c,
    r.status === "RELEASED"
      ? `the reservation of order ${c.orderId} was released`
      : `the reservation of order ${c.orderId} expired at ${r.expireTime.toISOString()}`,
  );
}

export const commitReservationCommand = sagaStep<CommitReservationCommand>(decideCommit, (c, deadline) =>
  reply(ReservationCommitFailedSchema, { ...ids(c), reason: tooLateFor(deadline, "committed"), expired: true }),
);

// ReleaseReservationCommand

/** Nothing of the order stays held. With no reservation yet, a tombstone refuses the late reservation. */
async function decideRelease(deps: SagaStepDeps, tx: InventoryTransaction, c: ReleaseReservationCommand) {
  const r = await tx.orderReservation(c.orderId);
  if (r?.status === "COMMITTED")
    return reply(ReservationReleaseFailedSchema, {
      ...ids(c),
      reason: `the reservation of order ${c.orderId} was committed; return the stock instead`,
    });
  if (!r) await tx.leaveTombstone(c.orderId, c.correlationId, deps.clock());
  if (r?.status === "ACTIVE") await endReservation(tx, r, "RELEASED");
  return reply(ReservationReleasedSchema, { ...ids(c), reservationId: r?.id ?? "" });
}

export const releaseReservationCommand = sagaStep<ReleaseReservationCommand>(decideRelease, (c, deadline) =>
  reply(ReservationReleaseFailedSchema, { ...ids(c), reason: tooLateFor(deadline, "released"), expired: true }),
);

// ReturnStockCommand

const returnFailed = (c: ReturnStockCommand, reason: string) => reply(StockReturnFailedSchema, { ...ids(c), reason });

/**
 * A committed reservation's quantities go back on hand, each in the warehouse it left, once; the
 * stock events (StockAvailabilityChanged, and StockReplenished for a SKU that was at 0) tell read
 * models and watchers.
 */
async function decideReturn(deps: SagaStepDeps, tx: InventoryTransaction, c: ReturnStockCommand) {
  const r = await tx.orderReservation(c.orderId);
  if (!r) return returnFailed(c, `order ${c.orderId} holds no reservation`);
  if (r.status === "ACTIVE")
    return returnFailed(c, `the reservation of order ${c.orderId} is not committed; release it instead`);
  if (r.status !== "COMMITTED")
    return returnFailed(c, `the reservation of order ${c.orderId} was ${r.status.toLowerCase()}: no stock left`);
  if (!r.returnTime) {
    const skuIds = [...new Set(r.lines.map((l) => l.skuId))];
    const before = await tx.lockStock(skuIds);
    await tx.returnStock(r, deps.clock());
    await recordStockChanges(tx, skuIds, before, () => undefined);
  }
  return reply(StockReturnedSchema, { ...ids(c), reservationId: r.id });
}

export const returnStockCommand = sagaStep<ReturnStockCommand>(decideReturn, (c, deadline) =>
  reply(StockReturnFailedSchema, { ...ids(c), reason: tooLateFor(deadline, "returned"), expired: true }),
);

import { AppError, type Money } from "@emporium/platform";
import { evolve } from "./order-aggregate";
import {
  FORWARD_STEPS,
  type Checkout,
  type CompensationStep,
  type ForwardStep,
  type Order,
  type ShippingAddress,
  type Step,
} from "./order";
import type { OrderEvent, OrderStepStarted } from "./order-events";

/**
 * The checkout saga's decisions (docs/adr/0017): given an order and what just happened (a reply,
 * a deadline that passed, a cancellation, a refund, the parcel's progress), the events to append
 * and the commands to send. Pure: the application layer loads, decides, and appends the events
 * with the commands in one transaction, so a crash anywhere resumes from the order's stream.
 *
 * One step is awaited at a time. Forward: reserve stock, authorise the payment, book the shipment,
 * capture the payment, commit the reservation, CONFIRMED. A failure reply, a deadline without a
 * reply or a cancellation undoes in reverse what was done and what may still be done (the step in
 * flight), one compensation at a time, and settles the order FAILED or CANCELLED. A compensation
 * whose deadline passes is sent again with the same correlation id until it is answered.
 */

export interface CheckoutSettings {
  /** How long the order waits for a step's reply (its command's expire_time is the deadline). */
  stepTimeoutMs: number;
  /** How much longer than all forward steps together the stock stays reserved. */
  reservationMarginMs: number;
}

/** What the saga reacts to. Replies are matched by correlation id; anything else is ignored. */
export type CheckoutInput =
  | { kind: "succeeded"; correlationId: string; reference?: string; amount?: Money }
  /**
   * `expired`: the participant took the command after its expire_time and did nothing. For a
   * compensation that is no refusal: it was sent again with a later deadline, and that one counts.
   */
  | { kind: "failed"; correlationId: string; reason: string; expired?: boolean }
  | { kind: "timedOut"; correlationId: string }
  | { kind: "cancel"; reason: string }
  | { kind: "refund"; amount?: Money; reason: string }
  | { kind: "parcel"; status: "IN_TRANSIT" | "DELIVERED" };

interface CommandBase {
  orderId: string;
  customerId: string;
  correlationId: string;
  /** The step's deadline: a participant that takes the command later refuses it. */
  expireTime: Date;
}

/** A command to a participant (the application adds what the stream does not hold: the payment token, the quote). */
export type CheckoutCommand =
  | (CommandBase & { step: "reserve-stock"; lines: Array<{ skuId: string; quantity: bigint }>; holdUntil: Date })
  | (CommandBase & { step: "authorize-payment"; amount: Money })
  | (CommandBase & { step: "create-shipment"; address: ShippingAddress })
  | (CommandBase & { step: "capture-payment" | "commit-reservation" })
  | (CommandBase & { step: "refund-payment"; amount?: Money; reason: string })
  | (CommandBase & { step: Exclude<CompensationStep, "refund-payment">; reason: string });

export interface Decision {
  events: OrderEvent[];
  commands: CheckoutCommand[];
  /** Why nothing was decided (a stale reply, a deadline already met): for the log. */
  ignored?: string;
}

/** `<order id>:<step>`, and `<order id>:refund:<n>` for the order's n-th refund. */
export const correlationIdOf = (orderId: string, step: Step, refundNumber?: number) =>
  step === "refund-payment" ? `${orderId}:refund:${refundNumber}` : `${orderId}:${step}`;

/** The first step of a freshly placed order: reserve its stock. */
export function beginCheckout(order: Order, at: Date, settings: CheckoutSettings): Decision {
  const draft = new Draft(order, at, settings);
  draft.start("reserve-stock", "");
  return draft.decision();
}

/** What the order does about `input`. Refused (FAILED_PRECONDITION) cancellations and refunds throw. */
export function decideCheckout(order: Order, input: CheckoutInput, at: Date, settings: CheckoutSettings): Decision {
  const draft = new Draft(order, at, settings);
  switch (input.kind) {
    case "succeeded":
    case "failed":
    case "timedOut": {
      const awaiting = order.checkout.awaiting;
      if (!awaiting || awaiting.correlationId !== input.correlationId)
        return ignore(`order ${order.id} is not waiting for ${input.correlationId}`);
      if (input.kind === "failed" && input.expired && !isForward(awaiting.step))
        return ignore(`${input.correlationId} expired before it was taken; waiting for the one sent again`);
      if (input.kind === "succeeded") succeeded(draft, input.reference ?? "", input.amount);
      else if (input.kind === "failed") failed(draft, input.reason);
      else timedOut(draft);
      return draft.decision();
    }
    case "cancel":
      cancel(draft, input.reason);
      return draft.decision();
    case "refund":
      refund(draft, input.amount, input.reason);
      return draft.decision();
    case "parcel":
      return parcel(draft, input.status) ? draft.decision() : ignore(`order ${order.id} is ${order.status}`);
  }
}

const ignore = (why: string): Decision => ({ events: [], commands: [], ignored: why });

/** What a failed forward step means to the customer; the participant's words follow. */
const FAILURE: Record<ForwardStep, string> = {
  "reserve-stock": "the stock could not be reserved",
  "authorize-payment": "the payment was declined",
  "create-shipment": "the shipment could not be booked",
  "capture-payment": "the payment could not be captured",
  "commit-reservation": "the stock could not be committed",
};

const isForward = (step: Step): step is ForwardStep => (FORWARD_STEPS as readonly Step[]).includes(step);

function succeeded(draft: Draft, reference: string, amount: Money | undefined): void {
  const { step, correlationId } = draft.order.checkout.awaiting!;
  draft.emit({ ...draft.about(), type: "OrderStepSucceeded", step, correlationId, reference, amount });
  if (draft.order.checkout.undoing) return continueUndoing(draft);
  if (!isForward(step)) return; // an admin's refund: done
  const next = FORWARD_STEPS[FORWARD_STEPS.indexOf(step) + 1];
  if (next) return draft.start(next, "");
  draft.emit({ ...draft.about(), type: "OrderConfirmed" });
  draft.status("CONFIRMED", "");
  // The carrier may have moved the parcel while the last steps ran: the order catches up.
  const parcel = draft.order.checkout.parcel;
  if (parcel) draft.status("SHIPPED", "");
  if (parcel === "DELIVERED") draft.status("DELIVERED", "");
}

function failed(draft: Draft, reason: string): void {
  const { step, correlationId } = draft.order.checkout.awaiting!;
  draft.emit({ ...draft.about(), type: "OrderStepFailed", step, correlationId, reason });
  const undoing = draft.order.checkout.undoing;
  if (isForward(step)) {
    // A failure reply means the participant did nothing: only what was done before is undone.
    return beginUndoing(draft, "FAILED", `${FAILURE[step]}: ${reason}`, compensationsFor(draft.order.checkout));
  }
  if (!undoing) return; // an admin's refund failed: recorded on the refund
  // The payment was captured after all (its capture was in flight): give the money back instead.
  if (step === "void-payment") return draft.start("refund-payment", undoing.reason);
  // The reservation was committed after all: put the stock back instead.
  if (step === "release-reservation") return draft.start("return-stock", undoing.reason);
  if (step === "cancel-shipment" && undoing.from !== "PENDING") {
    // A confirmed order whose parcel is in transit: the order goes on, the cancellation is refused.
    draft.emit({ ...draft.about(), type: "OrderCancellationRefused", reason });
    return;
  }
  continueUndoing(draft);
}

function timedOut(draft: Draft): void {
  const awaiting = draft.order.checkout.awaiting!;
  const { step, correlationId, attempt, reason, amount } = awaiting;
  const plan = compensationsFor(draft.order.checkout);
  draft.emit({ ...draft.about(), type: "OrderStepTimedOut", step, correlationId, attempt });
  // Undoing and giving back are sent again until answered: the participant does them once.
  if (!isForward(step)) return draft.start(step, reason, { attempt: attempt + 1, amount, correlationId });
  const minutes = draft.settings.stepTimeoutMs / 60_000;
  const within = Number.isInteger(minutes) ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${minutes * 60} s`;
  beginUndoing(draft, "FAILED", `${step} got no answer within ${within}`, plan);
}

function cancel(draft: Draft, reason: string): void {
  const { order } = draft;
  if (order.status !== "PENDING" && order.status !== "CONFIRMED")
    throw new AppError(
      "FAILED_PRECONDITION",
      `order ${order.id} is ${order.status}: only a PENDING or CONFIRMED order can be cancelled`,
    );
  if (order.checkout.undoing)
    throw new AppError(
      "FAILED_PRECONDITION",
      `order ${order.id} is already being ${order.checkout.undoing.settleAs === "CANCELLED" ? "cancelled" : "failed"}`,
    );
  if (order.cancellation?.refusal)
    throw new AppError(
      "FAILED_PRECONDITION",
      `order ${order.id} can no longer be cancelled: ${order.cancellation.refusal}`,
    );
  // The step in flight is undone too: its effect may still happen (participants keep tombstones).
  beginUndoing(draft, "CANCELLED", reason, compensationsFor(order.checkout));
}

function refund(draft: Draft, amount: Money | undefined, reason: string): void {
  const { order } = draft;
  if (order.status !== "DELIVERED")
    throw new AppError(
      "FAILED_PRECONDITION",
      `order ${order.id} is ${order.status}: only a DELIVERED order can be refunded`,
    );
  if (order.checkout.awaiting)
    throw new AppError(
      "FAILED_PRECONDITION",
      `order ${order.id} is waiting for ${order.checkout.awaiting.correlationId}; refund again once it is answered`,
    );
  const refundable = order.total.amountMinor - order.refundedTotal.amountMinor;
  if (refundable <= 0n)
    throw new AppError("FAILED_PRECONDITION", `order ${order.id} is refunded in full`, [
      { field: "amount", ruleId: "refund.amount", message: "nothing is left to refund" },
    ]);
  if (amount && amount.amountMinor <= 0n)
    throw new AppError("INVALID_ARGUMENT", "a refund must be more than zero", [
      { field: "amount", ruleId: "refund.positive", message: "must be more than zero" },
    ]);
  if (amount && amount.currency !== order.currency)
    throw new AppError("FAILED_PRECONDITION", `order ${order.id} was paid in ${order.currency}`, [
      { field: "amount", ruleId: "refund.currency", message: `must be in ${order.currency}` },
    ]);
  if (amount && amount.amountMinor > refundable)
    throw new AppError(
      "FAILED_PRECONDITION",
      `only ${refundable} ${order.currency} (minor units) of order ${order.id} can still be refunded`,
      [{ field: "amount", ruleId: "refund.amount", message: `at most ${refundable} (minor units)` }],
    );
  draft.start("refund-payment", reason, { amount: amount ?? { currency: order.currency, amountMinor: refundable } });
}

/**
 * A parcel's progress moves a confirmed order on. Before confirmation (the carrier can be faster
 * than the last steps) it is recorded, and confirming the order applies it; a settled order ignores it.
 */
function parcel(draft: Draft, status: "IN_TRANSIT" | "DELIVERED"): boolean {
  const before = draft.order.status;
  const known = draft.order.checkout.parcel;
  if (before === "PENDING") {
    if (!known) draft.emit({ ...draft.about(), type: "OrderShipped" });
    if (status === "DELIVERED" && known !== "DELIVERED") draft.emit({ ...draft.about(), type: "OrderDelivered" });
    return draft.events.length > 0;
  }
  if (before !== "CONFIRMED" && !(before === "SHIPPED" && status === "DELIVERED")) return false;
  if (before === "CONFIRMED") {
    draft.emit({ ...draft.about(), type: "OrderShipped" });
    draft.status("SHIPPED", "");
  }
  if (status === "DELIVERED") {
    draft.emit({ ...draft.about(), type: "OrderDelivered" });
    draft.status("DELIVERED", "");
  }
  return true;
}

/**
 * What undoes the checkout so far, in reverse: the shipment, the payment (refunded once captured,
 * else voided), the stock (returned once committed, else released). The awaited forward step counts
 * as done: its command may still take effect.
 */
export function compensationsFor(checkout: Checkout): CompensationStep[] {
  const inFlight = checkout.awaiting && isForward(checkout.awaiting.step) ? [checkout.awaiting.step] : [];
  const touched = new Set<Step>([...checkout.done, ...inFlight]);
  const steps: CompensationStep[] = [];
  if (touched.has("create-shipment")) steps.push("cancel-shipment");
  if (touched.has("authorize-payment"))
    steps.push(checkout.done.includes("capture-payment") ? "refund-payment" : "void-payment");
  if (touched.has("reserve-stock"))
    steps.push(checkout.done.includes("commit-reservation") ? "return-stock" : "release-reservation");
  return steps;
}

function beginUndoing(draft: Draft, settleAs: "FAILED" | "CANCELLED", reason: string, steps: CompensationStep[]) {
  draft.emit({ ...draft.about(), type: "OrderCompensationStarted", settleAs, reason, steps });
  continueUndoing(draft);
}

/** The next compensation, or, with none left, the order settles. */
function continueUndoing(draft: Draft): void {
  const undoing = draft.order.checkout.undoing!;
  const next = undoing.remaining[0];
  if (next) return draft.start(next, undoing.reason);
  const { settleAs, reason } = undoing;
  draft.emit({ ...draft.about(), type: settleAs === "FAILED" ? "OrderFailed" : "OrderCancelled", reason });
  draft.status(settleAs, reason);
}

/** A decision being made: events applied as they are added, so each sees the state before it. */
class Draft {
  readonly events: OrderEvent[] = [];

  constructor(
    public order: Order,
    readonly at: Date,
    readonly settings: CheckoutSettings,
  ) {}

  about() {
    return { orderId: this.order.id, customerId: this.order.customerId, at: this.at };
  }

  emit(event: OrderEvent): void {
    this.events.push(event);
    this.order = evolve(this.order, event, this.order.version + 1);
  }

  status(status: Order["status"], reason: string): void {
    const statusSequence = this.order.statusSequence + 1;
    this.emit({ ...this.about(), type: "OrderStatusChanged", status, reason, statusSequence });
  }

  /** Sends a step's command, awaited until now + the step timeout. */
  start(step: Step, reason: string, resend: { attempt?: number; amount?: Money; correlationId?: string } = {}): void {
    const correlationId = resend.correlationId ?? correlationIdOf(this.order.id, step, this.order.refunds.length + 1);
    const deadline = new Date(this.at.getTime() + this.settings.stepTimeoutMs);
    const { attempt = 1, amount } = resend;
    this.emit({ ...this.about(), type: "OrderStepStarted", step, correlationId, deadline, attempt, reason, amount });
  }

  decision(): Decision {
    const commands = this.events
      .filter((e): e is OrderStepStarted => e.type === "OrderStepStarted")
      .map((e) => commandFor(this.order, e, this.settings));
    return { events: this.events, commands };
  }
}

/** The command a started step sends (again, for a re-sent compensation: same correlation id, new deadline). */
export function commandFor(order: Order, started: OrderStepStarted, settings: CheckoutSettings): CheckoutCommand {
  const base = {
    orderId: order.id,
    customerId: order.customerId,
    correlationId: started.correlationId,
    expireTime: started.deadline,
  };
  switch (started.step) {
    case "reserve-stock": {
      // Held past every forward step's deadline, so the stock outlasts any checkout that can still confirm.
      const remainingSteps = FORWARD_STEPS.length - 1;
      const holdUntil = new Date(
        started.deadline.getTime() + remainingSteps * settings.stepTimeoutMs + settings.reservationMarginMs,
      );
      const lines = order.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
      return { ...base, step: started.step, lines, holdUntil };
    }
    case "authorize-payment":
      return { ...base, step: started.step, amount: order.total };
    case "create-shipment":
      return { ...base, step: started.step, address: order.shippingAddress };
    case "capture-payment":
    case "commit-reservation":
      return { ...base, step: started.step };
    case "refund-payment":
      return { ...base, step: started.step, amount: started.amount, reason: started.reason };
    default:
      return { ...base, step: started.step, reason: started.reason };
  }
}

import type {
  AuthorizePaymentCommand,
  CapturePaymentCommand,
  RefundPaymentCommand,
  VoidPaymentCommand,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import type { Money as MoneyMessage } from "@emporium/contracts/emporium/type/v1/money_pb";
import {
  expiredCommandReason,
  malformedCommand,
  refusalOf,
  requireCommandFields,
  type Arrival,
  type CommandAnswer,
  type EventToRecord,
  type Money,
  type SagaCommand,
} from "@emporium/platform";
import type { DescMessage } from "@bufbuild/protobuf";
import { paymentOfOrder } from "../domain/payment";
import { authorizePayment } from "./authorize-payment";
import { capturePayment } from "./capture-payment";
import type { PaymentsDeps, PaymentTransaction } from "./payments-deps";
import {
  authorizationEvent,
  captureFailedEvent,
  capturedEvent,
  declinedUnasked,
  refundedEvent,
  refundFailedEvent,
  tombstoneVoidedEvent,
  voidedEvent,
  voidFailedEvent,
} from "./payments-events";
import { refundPayment } from "./refund-payment";
import { voidPayment } from "./void-payment";

/**
 * The checkout saga's commands to payments (ADR 0017), each answered with exactly one reply: the
 * success or failure event its proto names, recorded in the transaction of its effect. These
 * handlers map a command to a use case and its outcome to a reply; the rules are the use cases'.
 *
 * `deps.payments` must run inside the command's inbox transaction (its `transaction` is a savepoint
 * of it), so the inbox row, the effect and the reply commit together.
 *
 * The correlation id is the step: a step already done (the same command again, as a new message)
 * gets its first outcome's reply again and changes nothing, even once the command has expired. A
 * step not done yet whose command expired gets its failure reply and changes nothing; nothing
 * remembers that refusal, so orders may re-send the step with a new expire_time. A refusal (a rule
 * of the domain, a state that does not allow the step) is the failure reply; anything else (the
 * provider unavailable) is thrown, and the message is retried later.
 */

/**
 * Holds the order's total. A step already done answers with its payment, and so does a step for an
 * order that already has its authorisation (one per order). An expired command and an order voided
 * first are declined without asking the provider; else the provider decides (authorizePayment
 * records the reply). A payment method the provider refuses outright is a decline too (reason
 * unspecified).
 */
export async function answerAuthorizePayment(
  deps: PaymentsDeps,
  cmd: AuthorizePaymentCommand,
  arrival: Arrival,
): Promise<CommandAnswer> {
  requireCommandFields(cmd, { payment_method_token: cmd.paymentMethodToken, customer_id: cmd.customerId });
  if (!cmd.amount) throw malformedCommand(cmd, ["amount"]);
  const amount = moneyOf(cmd.amount);
  return deps.payments.transaction(async (tx) => {
    await tx.lockOrder(cmd.orderId);
    const done = await tx.authorizationByKey(cmd.correlationId);
    if (done) return reply(tx, authorizationEvent(done.value, cmd.correlationId));
    if (arrival.expired) return reply(tx, declinedUnasked(cmd, "EXPIRED"), expiredCommandReason(cmd));
    const held = paymentOfOrder(await tx.paymentsOfOrder(cmd.orderId));
    const voided = held?.status === "VOIDED" ? held.id : (await tx.voidedOrder(cmd.orderId))?.correlationId;
    if (voided) return reply(tx, declinedUnasked(cmd, "VOIDED"), `order ${cmd.orderId} was voided (${voided})`);
    // An order has one authorisation: a step under another correlation id answers with it.
    if (held && held.status !== "DECLINED") return reply(tx, authorizationEvent(held, cmd.correlationId));
    const outcome = await refusalOf(() =>
      authorizePayment(deps, {
        orderId: cmd.orderId,
        customerId: cmd.customerId,
        amount,
        paymentMethodToken: cmd.paymentMethodToken,
        idempotencyKey: cmd.correlationId,
        correlationId: cmd.correlationId,
      }),
    );
    if ("refused" in outcome) return reply(tx, declinedUnasked(cmd, "UNSPECIFIED"), outcome.refused);
    return recorded(authorizationEvent(outcome.done, cmd.correlationId));
  });
}

/** Captures the whole authorised amount of the order's payment (capturePayment records the reply). */
export async function answerCapturePayment(
  deps: PaymentsDeps,
  cmd: CapturePaymentCommand,
  arrival: Arrival,
): Promise<CommandAnswer> {
  requireCommandFields(cmd, {});
  return deps.payments.transaction(async (tx) => {
    await tx.lockOrder(cmd.orderId);
    const payment = paymentOfOrder(await tx.paymentsOfOrder(cmd.orderId));
    if (payment && payment.capturedMinor > 0n) return reply(tx, capturedEvent(payment, cmd.correlationId));
    const refusal = arrival.expired ? expiredCommandReason(cmd) : !payment ? noPayment(cmd, "captured") : undefined;
    if (refusal) return reply(tx, captureFailedEvent(cmd, payment, refusal, arrival.expired), refusal);
    const outcome = await refusalOf(() =>
      capturePayment(deps, { paymentId: payment!.id, correlationId: cmd.correlationId }),
    );
    if ("refused" in outcome) return reply(tx, captureFailedEvent(cmd, payment, outcome.refused), outcome.refused);
    return recorded(capturedEvent(outcome.done, cmd.correlationId));
  });
}

/**
 * Releases the order's authorisation. An order without a payment gets a tombstone (a later
 * authorisation is declined); a declined or voided payment needs nothing; a captured one is refused
 * (refund it instead). voidPayment records the reply when it voids.
 */
export async function answerVoidPayment(
  deps: PaymentsDeps,
  cmd: VoidPaymentCommand,
  arrival: Arrival,
): Promise<CommandAnswer> {
  requireCommandFields(cmd, {});
  return deps.payments.transaction(async (tx) => {
    await tx.lockOrder(cmd.orderId);
    const payment = paymentOfOrder(await tx.paymentsOfOrder(cmd.orderId));
    if (!payment) {
      if (await tx.voidedOrder(cmd.orderId)) return reply(tx, tombstoneVoidedEvent(cmd));
      if (arrival.expired)
        return reply(tx, voidFailedEvent(cmd, undefined, expiredCommandReason(cmd), true), expiredCommandReason(cmd));
      await tx.insertVoidedOrder({
        orderId: cmd.orderId,
        correlationId: cmd.correlationId,
        reason: cmd.reason,
        createTime: deps.clock(),
      });
      return reply(tx, tombstoneVoidedEvent(cmd));
    }
    if (payment.status === "VOIDED" || payment.status === "DECLINED")
      return reply(tx, voidedEvent(payment, cmd.correlationId));
    if (arrival.expired)
      return reply(tx, voidFailedEvent(cmd, payment, expiredCommandReason(cmd), true), expiredCommandReason(cmd));
    const outcome = await refusalOf(() =>
      voidPayment(deps, { paymentId: payment.id, correlationId: cmd.correlationId }),
    );
    if ("refused" in outcome) return reply(tx, voidFailedEvent(cmd, payment, outcome.refused), outcome.refused);
    return recorded(voidedEvent(outcome.done, cmd.correlationId));
  });
}

/**
 * Gives back `amount` of what the order's payment captured, or all that is still refundable when it
 * is unset. Refunds are keyed by the correlation id: the same step twice refunds once.
 */
export async function answerRefundPayment(
  deps: PaymentsDeps,
  cmd: RefundPaymentCommand,
  arrival: Arrival,
): Promise<CommandAnswer> {
  requireCommandFields(cmd, {});
  return deps.payments.transaction(async (tx) => {
    await tx.lockOrder(cmd.orderId);
    const payment = paymentOfOrder(await tx.paymentsOfOrder(cmd.orderId));
    const done = payment && (await tx.refundByKey(payment.id, cmd.correlationId));
    if (done) return reply(tx, refundedEvent(payment, done.value, cmd.correlationId));
    const refusal = arrival.expired ? expiredCommandReason(cmd) : !payment ? noPayment(cmd, "refunded") : undefined;
    if (refusal) return reply(tx, refundFailedEvent(cmd, payment, refusal, arrival.expired), refusal);
    const outcome = await refusalOf(() =>
      refundPayment(deps, {
        paymentId: payment!.id,
        amount: cmd.amount && moneyOf(cmd.amount),
        idempotencyKey: cmd.correlationId,
        reason: cmd.reason,
        correlationId: cmd.correlationId,
      }),
    );
    if ("refused" in outcome) return reply(tx, refundFailedEvent(cmd, payment, outcome.refused), outcome.refused);
    return recorded(refundedEvent(outcome.done.payment, outcome.done.refund, cmd.correlationId));
  });
}

async function reply(
  tx: PaymentTransaction,
  event: EventToRecord<DescMessage>,
  refusal?: string,
): Promise<CommandAnswer> {
  await tx.recordEvent(event);
  return recorded(event, refusal);
}

/** The answer a use case already recorded (its event is the reply). */
const recorded = (event: EventToRecord<DescMessage>, refusal?: string): CommandAnswer => ({
  reply: event.schema.typeName,
  ...(refusal === undefined ? {} : { refusal }),
});

const moneyOf = (m: MoneyMessage): Money => ({ currency: m.currencyCode, amountMinor: m.amountMinor });

const noPayment = (cmd: SagaCommand, what: string) => `order ${cmd.orderId} has no payment that could be ${what}`;

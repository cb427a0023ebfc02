import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { AppError, type ErrorCode } from "../errors/app-error";
import { handleCommand, type CommandSubscription } from "./command-handler";
import { PermanentEventError, type EventContext } from "./event-consumer";

/** How a command arrived: in time, or after its expire_time (then only its failure reply may follow). */
export interface Arrival {
  expired: boolean;
}

/** What a command was answered with, for the consumer's log. */
export interface CommandAnswer {
  /** The reply's type name, e.g. `emporium.payments.v1.PaymentDeclined`. */
  reply: string;
  /** Why the step was refused, when it was. */
  refusal?: string;
}

/** The fields every command carries (ADR 0017). */
export interface SagaCommand {
  $typeName: string;
  orderId: string;
  correlationId: string;
  expireTime?: Timestamp;
}

/**
 * A participant's command, answered by `answer` inside the consumer's transaction (`ctx.tx`): the
 * kit tells it whether the command came after its expire_time and logs the reply. A command that
 * lacks what every step needs (`answer` throws INVALID_ARGUMENT, see requireCommandFields) can never
 * be answered: it goes to the dead-letter queue at once. Anything else thrown (a provider or the
 * database away) is retried by the consumer.
 */
export function answerCommand<Desc extends DescMessage>(
  schema: Desc,
  answer: (command: MessageShape<Desc>, ctx: EventContext, arrival: Arrival) => Promise<CommandAnswer>,
  clock: () => Date,
): CommandSubscription {
  const answering = (arrival: Arrival) => async (command: MessageShape<Desc>, ctx: EventContext) => {
    try {
      const { reply, refusal } = await answer(command, ctx, arrival);
      ctx.logger.info({ reply, ...(refusal === undefined ? {} : { refusal }) }, "command answered");
    } catch (err) {
      if (err instanceof AppError && err.code === "INVALID_ARGUMENT") throw new PermanentEventError(err.message);
      throw err;
    }
  };
  return handleCommand(schema, { handle: answering({ expired: false }), expired: answering({ expired: true }), clock });
}

/**
 * A use case's result, or the message of its refusal when it failed with one of `refusals` (a rule
 * of the domain, a state that does not allow the step): that is the command's failure reply.
 * Anything else is rethrown: it is transient, and the message is tried again later.
 */
export async function refusalOf<T>(
  work: () => Promise<T>,
  refusals: readonly ErrorCode[] = ["FAILED_PRECONDITION", "NOT_FOUND"],
): Promise<{ done: T } | { refused: string }> {
  try {
    return { done: await work() };
  } catch (err) {
    if (err instanceof AppError && refusals.includes(err.code)) return { refused: err.message };
    throw err;
  }
}

/** `AuthorizePaymentCommand` for `emporium.payments.v1.AuthorizePaymentCommand`. */
export const commandName = (cmd: SagaCommand) => cmd.$typeName.slice(cmd.$typeName.lastIndexOf(".") + 1);

/** The failure reply's reason for a command taken after its expire_time. */
export const expiredCommandReason = (cmd: SagaCommand) =>
  `${commandName(cmd)} ${cmd.correlationId} expired at ${
    cmd.expireTime ? timestampDate(cmd.expireTime).toISOString() : "an unknown time"
  }; nothing was done`;

/**
 * A command without the fields every step needs (its order id, its correlation id, and `fields`) can
 * never be answered: INVALID_ARGUMENT, which answerCommand sends to the dead-letter queue.
 */
export function requireCommandFields(cmd: SagaCommand, fields: Record<string, string> = {}): void {
  const all: Record<string, string> = { order_id: cmd.orderId, correlation_id: cmd.correlationId, ...fields };
  const missing = Object.keys(all).filter((field) => !all[field]);
  if (missing.length) throw malformedCommand(cmd, missing);
}

/** The INVALID_ARGUMENT of a command that lacks `missing` (for fields requireCommandFields cannot see). */
export const malformedCommand = (cmd: SagaCommand, missing: readonly string[]) =>
  new AppError(
    "INVALID_ARGUMENT",
    `${commandName(cmd)} ${cmd.correlationId || "(no correlation id)"} lacks ${missing.join(", ")}`,
    missing.map((field) => ({ field, ruleId: "required", message: "must be set" })),
  );

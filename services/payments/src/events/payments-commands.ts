import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import {
  AuthorizePaymentCommandSchema,
  CapturePaymentCommandSchema,
  RefundPaymentCommandSchema,
  VoidPaymentCommandSchema,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import {
  AppError,
  handleCommand,
  PermanentEventError,
  type CommandSubscription,
  type EventContext,
  type PoolClient,
} from "@emporium/platform";
import {
  answerAuthorizePayment,
  answerCapturePayment,
  answerRefundPayment,
  answerVoidPayment,
  type Answer,
  type Arrival,
} from "../application/payment-commands";
import type { PaymentsDeps } from "../application/payments-deps";
import { PgPaymentRepositoryInTransaction } from "../db/payment-repository";

/**
 * Payments' deps for one command: the repository works inside the transaction the consumer holds
 * the command's inbox row in, so the effect and the reply commit with "this message was handled".
 * The reply continues the command's trace.
 */
export const depsInTransaction = (deps: PaymentsDeps, tx: PoolClient, traceparent?: string): PaymentsDeps => ({
  ...deps,
  payments: new PgPaymentRepositoryInTransaction(tx, traceparent),
});

type Answering<Desc extends DescMessage> = (
  deps: PaymentsDeps,
  command: MessageShape<Desc>,
  arrival: Arrival,
) => Promise<Answer>;

/** The commands payments takes from its queue `payments.commands` (ADR 0017), each answered by its handler. */
export function paymentCommands(deps: PaymentsDeps): CommandSubscription[] {
  const take = <Desc extends DescMessage>(schema: Desc, answer: Answering<Desc>) => {
    const answering = (arrival: Arrival) => (command: MessageShape<Desc>, ctx: EventContext) =>
      answered(ctx, () => answer(depsInTransaction(deps, ctx.tx, ctx.envelope.traceparent), command, arrival));
    return handleCommand(schema, {
      handle: answering({ expired: false }),
      expired: answering({ expired: true }),
      clock: deps.clock,
    });
  };
  return [
    take(AuthorizePaymentCommandSchema, answerAuthorizePayment),
    take(CapturePaymentCommandSchema, answerCapturePayment),
    take(VoidPaymentCommandSchema, answerVoidPayment),
    take(RefundPaymentCommandSchema, answerRefundPayment),
  ];
}

/**
 * Logs the reply a command got. A command that lacks what every step needs (INVALID_ARGUMENT) can
 * never be answered: it goes to the dead-letter queue instead of being retried. Anything else thrown
 * (the provider unavailable) is retried by the consumer.
 */
async function answered(ctx: EventContext, work: () => Promise<Answer>): Promise<void> {
  try {
    const { reply, refusal } = await work();
    ctx.logger.info({ reply, ...(refusal === undefined ? {} : { refusal }) }, "command answered");
  } catch (err) {
    if (err instanceof AppError && err.code === "INVALID_ARGUMENT") throw new PermanentEventError(err.message);
    throw err;
  }
}

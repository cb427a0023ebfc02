import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import {
  AuthorizePaymentCommandSchema,
  CapturePaymentCommandSchema,
  RefundPaymentCommandSchema,
  VoidPaymentCommandSchema,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import {
  answerCommand,
  type Arrival,
  type CommandAnswer,
  type CommandSubscription,
  type PoolClient,
} from "@emporium/platform";
import {
  answerAuthorizePayment,
  answerCapturePayment,
  answerRefundPayment,
  answerVoidPayment,
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

/**
 * The commands payments takes from its queue `payments.commands` (ADR 0017), each answered by its
 * handler. Expiry is judged by the service's clock, the one its tests move.
 */
export function paymentCommands(deps: PaymentsDeps): CommandSubscription[] {
  const take = <Desc extends DescMessage>(
    schema: Desc,
    answer: (deps: PaymentsDeps, command: MessageShape<Desc>, arrival: Arrival) => Promise<CommandAnswer>,
  ) =>
    answerCommand(
      schema,
      (command, ctx, arrival) => answer(depsInTransaction(deps, ctx.tx, ctx.envelope.traceparent), command, arrival),
      deps.clock,
    );
  return [
    take(AuthorizePaymentCommandSchema, answerAuthorizePayment),
    take(CapturePaymentCommandSchema, answerCapturePayment),
    take(VoidPaymentCommandSchema, answerVoidPayment),
    take(RefundPaymentCommandSchema, answerRefundPayment),
  ];
}

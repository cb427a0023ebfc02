import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import {
  CancelShipmentCommandSchema,
  CreateShipmentCommandSchema,
} from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import {
  AppError,
  handleCommand,
  PermanentEventError,
  type CommandSubscription,
  type EventContext,
  type PoolClient,
} from "@emporium/platform";
import {
  answerCancelShipment,
  answerCreateShipment,
  type Answer,
  type Arrival,
} from "../application/shipping-commands";
import type { ShippingDeps } from "../application/shipping-deps";
import { PgShippingRepositoryInTransaction } from "../db/shipping-repository";

/**
 * Shipping's deps for one command: the repository works inside the transaction the consumer holds
 * the command's inbox row in, so the effect and the reply commit with "this message was handled".
 * The reply continues the command's trace.
 */
export const depsInTransaction = (deps: ShippingDeps, tx: PoolClient, traceparent?: string): ShippingDeps => ({
  ...deps,
  shipping: new PgShippingRepositoryInTransaction(tx, traceparent),
});

type Answering<Desc extends DescMessage> = (
  deps: ShippingDeps,
  command: MessageShape<Desc>,
  arrival: Arrival,
) => Promise<Answer>;

/**
 * The commands shipping takes from its queue `shipping.commands` (ADR 0017), each answered by its
 * handler. Expiry is judged by the service's clock, the one its tests move.
 */
export function shippingCommands(deps: ShippingDeps): CommandSubscription[] {
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
    take(CreateShipmentCommandSchema, answerCreateShipment),
    take(CancelShipmentCommandSchema, answerCancelShipment),
  ];
}

/**
 * Logs the reply a command got. A command that lacks what every step needs (INVALID_ARGUMENT) can
 * never be answered: it goes to the dead-letter queue instead of being retried. Anything else thrown
 * (the database away) is retried by the consumer.
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

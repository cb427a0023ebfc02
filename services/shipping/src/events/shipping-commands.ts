import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import {
  CancelShipmentCommandSchema,
  CreateShipmentCommandSchema,
} from "@emporium/contracts/emporium/shipping/v1/commands_pb";
import {
  answerCommand,
  type Arrival,
  type CommandAnswer,
  type CommandSubscription,
  type PoolClient,
} from "@emporium/platform";
import { answerCancelShipment, answerCreateShipment } from "../application/shipping-commands";
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

/**
 * The commands shipping takes from its queue `shipping.commands` (ADR 0017), each answered by its
 * handler. Expiry is judged by the service's clock, the one its tests move.
 */
export function shippingCommands(deps: ShippingDeps): CommandSubscription[] {
  const take = <Desc extends DescMessage>(
    schema: Desc,
    answer: (deps: ShippingDeps, command: MessageShape<Desc>, arrival: Arrival) => Promise<CommandAnswer>,
  ) =>
    answerCommand(
      schema,
      (command, ctx, arrival) => answer(depsInTransaction(deps, ctx.tx, ctx.envelope.traceparent), command, arrival),
      deps.clock,
    );
  return [
    take(CreateShipmentCommandSchema, answerCreateShipment),
    take(CancelShipmentCommandSchema, answerCancelShipment),
  ];
}

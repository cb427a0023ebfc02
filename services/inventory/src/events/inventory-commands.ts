import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import {
  CommitReservationCommandSchema,
  ReleaseReservationCommandSchema,
  ReserveStockCommandSchema,
  ReturnStockCommandSchema,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import { answerCommand, type CommandSubscription } from "@emporium/platform";
import type { InventoryDeps } from "../application/inventory-deps";
import {
  commitReservationCommand,
  releaseReservationCommand,
  reserveStockCommand,
  returnStockCommand,
  type SagaCommandHandler,
} from "../application/saga-commands";
import { PgInventoryTransaction } from "../db/inventory-repository";

/**
 * The saga's commands, taken from the queue `inventory.commands`. The kit writes the message's inbox
 * row in `ctx.tx` and finds late commands; the handlers do the effect and record the reply with the
 * same transaction, so "handled", the effect and the reply commit together. A command no reply can
 * be addressed for (INVALID_ARGUMENT) can never succeed: it goes to the dead letters at once.
 */
function commandSubscription<Desc extends DescMessage>(
  deps: InventoryDeps,
  schema: Desc,
  handler: SagaCommandHandler<MessageShape<Desc>>,
): CommandSubscription {
  return answerCommand(
    schema,
    async (command, ctx, arrival) => {
      const how = arrival.expired ? "expired" : "handle";
      const options = { traceparent: ctx.envelope.traceparent };
      const reply = await handler[how](deps, new PgInventoryTransaction(ctx.tx), command, options);
      return { reply: reply.schema.typeName };
    },
    deps.clock,
  );
}

export const inventoryCommands = (deps: InventoryDeps): CommandSubscription[] => [
  commandSubscription(deps, ReserveStockCommandSchema, reserveStockCommand),
  commandSubscription(deps, CommitReservationCommandSchema, commitReservationCommand),
  commandSubscription(deps, ReleaseReservationCommandSchema, releaseReservationCommand),
  commandSubscription(deps, ReturnStockCommandSchema, returnStockCommand),
];

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import {
  CommitReservationCommandSchema,
  ReleaseReservationCommandSchema,
  ReserveStockCommandSchema,
  ReturnStockCommandSchema,
} from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import {
  AppError,
  handleCommand,
  PermanentEventError,
  type CommandSubscription,
  type EventContext,
} from "@emporium/platform";
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
  const answer = (how: "handle" | "expired") => async (command: MessageShape<Desc>, ctx: EventContext) => {
    try {
      const reply = await handler[how](deps, new PgInventoryTransaction(ctx.tx), command, {
        traceparent: ctx.envelope.traceparent,
      });
      ctx.logger.info({ aggregateId: ctx.envelope.aggregateId, reply: reply.schema.typeName }, "command answered");
    } catch (err) {
      if (err instanceof AppError && err.code === "INVALID_ARGUMENT") throw new PermanentEventError(err.message);
      throw err;
    }
  };
  return handleCommand(schema, { handle: answer("handle"), expired: answer("expired"), clock: deps.clock });
}

export const inventoryCommands = (deps: InventoryDeps): CommandSubscription[] => [
  commandSubscription(deps, ReserveStockCommandSchema, reserveStockCommand),
  commandSubscription(deps, CommitReservationCommandSchema, commitReservationCommand),
  commandSubscription(deps, ReleaseReservationCommandSchema, releaseReservationCommand),
  commandSubscription(deps, ReturnStockCommandSchema, returnStockCommand),
];

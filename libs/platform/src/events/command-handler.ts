import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { timestampMs, type Timestamp } from "@bufbuild/protobuf/wkt";
import { PermanentEventError, type EventContext, type Subscription } from "./event-consumer";

export interface CommandHandlers<Desc extends DescMessage> {
  /** Does what the command asks and records its reply (recordEvent), all with `ctx.tx`. */
  handle(command: MessageShape<Desc>, ctx: EventContext): Promise<void>;
  /** The command was taken after its expire_time: record only its failure reply here, change nothing else. */
  expired(command: MessageShape<Desc>, ctx: EventContext): Promise<void>;
  /** The clock expire_time is compared with (default: the system clock); tests fix it. */
  clock?: () => Date;
}

/** A subscription of a service's command queue (MessagingOptions.commands); made by handleCommand only. */
export interface CommandSubscription extends Subscription {
  readonly kind: "command";
}

/**
 * How a participant takes a command (ADR 0017). Runs in the consumer's transaction, after the
 * inbox row, like an event handler: before `handle`, the command's `expire_time` is compared with
 * the clock, and a command taken too late goes to `expired` instead. A command without an
 * expire_time is dead-lettered (reason "rejected"): every command must carry one.
 */
export function handleCommand<Desc extends DescMessage>(
  schema: Desc,
  handlers: CommandHandlers<Desc>,
): CommandSubscription {
  if (!schema.typeName.endsWith("Command"))
    throw new TypeError(`${schema.typeName} is not a command: command messages are named <Verb><Noun>Command`);
  const field = schema.fields.find((f) => f.name === "expire_time");
  if (field?.fieldKind !== "message" || field.message.typeName !== "google.protobuf.Timestamp")
    throw new TypeError(`${schema.typeName} has no google.protobuf.Timestamp expire_time: every command needs one`);
  const clock = handlers.clock ?? (() => new Date());
  return {
    kind: "command",
    schema,
    async handle(command: MessageShape<Desc>, ctx: EventContext) {
      const expireTime = (command as Record<string, unknown>)[field.localName] as Timestamp | undefined;
      if (!expireTime)
        throw new PermanentEventError(
          `${schema.typeName} ${ctx.envelope.id} has no expire_time; commands must carry one`,
        );
      if (timestampMs(expireTime) <= clock().getTime()) {
        ctx.logger.info({ expireTime: new Date(timestampMs(expireTime)).toISOString() }, "command expired");
        return handlers.expired(command, ctx);
      }
      return handlers.handle(command, ctx);
    },
  } as CommandSubscription;
}

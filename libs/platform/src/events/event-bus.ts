import type { Publisher } from "rabbitmq-client";
import type { BrokerConnection } from "./broker-connection";
import { COMMANDS_EXCHANGE, EVENTS_EXCHANGE, toAmqpProperties, type EventEnvelope } from "./event-envelope";
import type { OutboxDestination } from "./record-event";
import { commandsExchange, eventsExchange } from "./topology";

/** A message ready for the wire: its envelope and the binary protobuf payload. */
export interface EncodedEvent {
  envelope: EventEnvelope;
  payload: Uint8Array;
  /** Where it goes: `events` (the default) or `commands`. */
  destination?: OutboxDestination;
}

/**
 * The one way events and commands leave a process. Resolves only when the broker confirmed the
 * message (publisher confirms) and, for a command, routed it to a queue, so the caller may then
 * record it as published.
 */
export interface EventBus {
  publish(event: EncodedEvent): Promise<void>;
  close(): Promise<void>;
}

/** A command no queue is bound for yet (its receiver has not started): it must stay in the outbox. */
export class UnroutableCommandError extends Error {
  override name = "UnroutableCommandError";
}

const EXCHANGE_OF: Record<OutboxDestination, string> = { events: EVENTS_EXCHANGE, commands: COMMANDS_EXCHANGE };

/**
 * RabbitMQ behind the EventBus: exchange `emporium.events` or `emporium.commands`, routing key =
 * protobuf type name. Commands are published `mandatory`: an event nobody subscribed to is fine,
 * but a command without a queue would be lost, so the broker returns it and publish() rejects.
 */
export class RabbitEventBus implements EventBus {
  private readonly publisher: Publisher;
  /** Message ids of commands the broker returned (basic.return) and publish() has not looked at yet. */
  private readonly returned = new Set<string>();

  constructor(connection: BrokerConnection) {
    this.publisher = connection.createPublisher({
      confirm: true,
      maxAttempts: 1,
      exchanges: [eventsExchange(), commandsExchange()],
    });
    this.publisher.on("basic.return", (msg: { messageId?: string }) => {
      if (msg.messageId) this.returned.add(msg.messageId);
    });
  }

  async publish(event: EncodedEvent): Promise<void> {
    const destination = event.destination ?? "events";
    const props = toAmqpProperties(event.envelope);
    const mandatory = destination === "commands";
    await this.publisher.send(
      { exchange: EXCHANGE_OF[destination], routingKey: event.envelope.type, mandatory, ...props },
      Buffer.from(event.payload),
    );
    if (!mandatory) return;
    // The broker sends basic.return before the ack of an unroutable message, but rabbitmq-client
    // resolves the confirm at once and emits the return on a later setImmediate: one more turn of
    // the event loop and the return, if there was one, has been seen.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.returned.delete(event.envelope.id))
      throw new UnroutableCommandError(
        `no queue takes ${event.envelope.type} on ${COMMANDS_EXCHANGE} yet (has its receiver started?)`,
      );
  }

  /** Waits for pending confirms, then closes the channel. */
  close(): Promise<void> {
    return this.publisher.close();
  }
}

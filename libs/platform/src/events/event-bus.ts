import type { Publisher } from "rabbitmq-client";
import type { BrokerConnection } from "./broker-connection";
import { EVENTS_EXCHANGE, toAmqpProperties, type EventEnvelope } from "./event-envelope";
import { eventsExchange } from "./topology";

/** An event ready for the wire: its envelope and the binary protobuf payload. */
export interface EncodedEvent {
  envelope: EventEnvelope;
  payload: Uint8Array;
}

/**
 * The one way events leave a process. Resolves only when the broker confirmed the message
 * (publisher confirms), so the caller may then record it as published.
 */
export interface EventBus {
  publish(event: EncodedEvent): Promise<void>;
  close(): Promise<void>;
}

/** RabbitMQ behind the EventBus: exchange `emporium.events`, routing key = protobuf type name. */
export class RabbitEventBus implements EventBus {
  private readonly publisher: Publisher;

  constructor(connection: BrokerConnection) {
    this.publisher = connection.createPublisher({ confirm: true, maxAttempts: 1, exchanges: [eventsExchange()] });
  }

  publish(event: EncodedEvent): Promise<void> {
    const props = toAmqpProperties(event.envelope);
    return this.publisher.send(
      { exchange: EVENTS_EXCHANGE, routingKey: event.envelope.type, ...props },
      Buffer.from(event.payload),
    );
  }

  /** Waits for pending confirms, then closes the channel. */
  close(): Promise<void> {
    return this.publisher.close();
  }
}

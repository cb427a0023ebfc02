import { COMMANDS_EXCHANGE, EVENTS_EXCHANGE } from "./event-envelope";

/**
 * The broker topology, declared as code and applied idempotently (declarations with the same
 * arguments are no-ops; rabbitmq-client re-applies them after every reconnect).
 *
 * Per consumer:
 *   <consumer>                 quorum queue bound to emporium.events by event type; a broker-side
 *                              delivery limit (for handlers that crash the process) dead-letters
 *                              at-least-once to emporium.dead-letter
 *   <consumer>.retry.<ms>ms    quorum queues whose messages expire after <ms> back into <consumer>
 *                              (backoff without a delayed-message plugin)
 *   <consumer>.dead-letter     quorum queue of messages that will not be processed without help
 */
export const DEAD_LETTER_EXCHANGE = "emporium.dead-letter";

export interface ConsumerTopologyOptions {
  /** The exchange the consumer's queue is bound to by message type: events or commands. */
  exchange: typeof EVENTS_EXCHANGE | typeof COMMANDS_EXCHANGE;
  /** Redeliveries the broker allows before dead-lettering (process crashes, lost connections). */
  deliveryLimit: number;
  retryDelaysMs: readonly number[];
}

export const eventsExchange = () => ({ exchange: EVENTS_EXCHANGE, type: "topic", durable: true }) as const;
export const commandsExchange = () => ({ exchange: COMMANDS_EXCHANGE, type: "topic", durable: true }) as const;
export const deadLetterExchange = () => ({ exchange: DEAD_LETTER_EXCHANGE, type: "direct", durable: true }) as const;

const quorum = { "x-queue-type": "quorum" } as const;
const atLeastOnceDeadLettering = { "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish" } as const;

/** The queue a service receives its commands on. */
export const commandQueueName = (service: string) => `${service}.commands`;
export const deadLetterQueueName = (consumer: string) => `${consumer}.dead-letter`;
export const retryQueueName = (consumer: string, delayMs: number) => `${consumer}.retry.${delayMs}ms`;

export function consumerQueue(consumer: string, options: ConsumerTopologyOptions) {
  return {
    queue: consumer,
    durable: true,
    arguments: {
      ...quorum,
      ...atLeastOnceDeadLettering,
      "x-delivery-limit": options.deliveryLimit,
      "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
      "x-dead-letter-routing-key": consumer,
    },
  };
}

export function deadLetterQueue(consumer: string) {
  return { queue: deadLetterQueueName(consumer), durable: true, arguments: { ...quorum } };
}

export function retryQueue(consumer: string, delayMs: number) {
  return {
    queue: retryQueueName(consumer, delayMs),
    durable: true,
    arguments: {
      ...quorum,
      ...atLeastOnceDeadLettering,
      "x-message-ttl": delayMs,
      // The default exchange routes by queue name: expired messages go back to the consumer's queue.
      "x-dead-letter-exchange": "",
      "x-dead-letter-routing-key": consumer,
    },
  };
}

/** Everything a consumer needs, for declaring up front (e.g. at `npm start`) or on connect. */
export function consumerTopology(consumer: string, types: readonly string[], options: ConsumerTopologyOptions) {
  const source = options.exchange === COMMANDS_EXCHANGE ? commandsExchange() : eventsExchange();
  return {
    exchanges: [source, deadLetterExchange()],
    queues: [
      consumerQueue(consumer, options),
      deadLetterQueue(consumer),
      ...options.retryDelaysMs.map((ms) => retryQueue(consumer, ms)),
    ],
    queueBindings: [
      ...types.map((type) => ({ exchange: source.exchange, queue: consumer, routingKey: type })),
      { exchange: DEAD_LETTER_EXCHANGE, queue: deadLetterQueueName(consumer), routingKey: consumer },
    ],
  };
}

import { COMMANDS_EXCHANGE, EVENTS_EXCHANGE } from "./event-envelope";

/**
 * The broker topology, declared as code and applied idempotently (declarations with the same
 * arguments are no-ops; rabbitmq-client re-applies them after every reconnect).
 *
 * Exchanges (all topic, durable): emporium.events (routing key = event type), emporium.commands
 * (key = command type), emporium.retry and emporium.dead-letter (keys derived from queue names).
 * Nothing is ever published to the default exchange, so the broker may refuse it to services.
 *
 * Per consumer (its name, and so every queue name below, starts with the service's name, which
 * the broker's per-service permissions rely on):
 *   <consumer>                 quorum queue bound to emporium.events by event type (or to
 *                              emporium.commands by command type: `<service>.commands`), and to
 *                              emporium.retry by `<consumer>`; a broker-side delivery limit (for
 *                              handlers that crash the process) dead-letters at-least-once to
 *                              emporium.dead-letter with the key `<consumer>`
 *   <consumer>.retry.<ms>ms    quorum queue bound to emporium.retry by its own name; its messages
 *                              expire after <ms> to emporium.retry with the key `<consumer>`, back
 *                              into the consumer's queue (backoff without a delayed-message plugin)
 *   <consumer>.dead-letter     quorum queue bound to emporium.dead-letter by `<consumer>`: messages
 *                              that will not be processed without help
 */
export const DEAD_LETTER_EXCHANGE = "emporium.dead-letter";
export const RETRY_EXCHANGE = "emporium.retry";

export interface ConsumerTopologyOptions {
  /** The exchange the consumer's queue is bound to by message type: events or commands. */
  exchange: typeof EVENTS_EXCHANGE | typeof COMMANDS_EXCHANGE;
  /** Redeliveries the broker allows before dead-lettering (process crashes, lost connections). */
  deliveryLimit: number;
  retryDelaysMs: readonly number[];
}

const topic = <Name extends string>(exchange: Name) => ({ exchange, type: "topic", durable: true }) as const;
export const eventsExchange = () => topic(EVENTS_EXCHANGE);
export const commandsExchange = () => topic(COMMANDS_EXCHANGE);
export const retryExchange = () => topic(RETRY_EXCHANGE);
export const deadLetterExchange = () => topic(DEAD_LETTER_EXCHANGE);

const quorum = { "x-queue-type": "quorum" } as const;
const atLeastOnceDeadLettering = { "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish" } as const;

/** The queue a service receives its commands on. */
export const commandQueueName = (service: string) => `${service}.commands`;
export const deadLetterQueueName = (consumer: string) => `${consumer}.dead-letter`;
/** Also the routing key on emporium.retry that parks a message in this queue. */
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
      // Expired messages go back to the consumer's queue through its binding on emporium.retry.
      "x-dead-letter-exchange": RETRY_EXCHANGE,
      "x-dead-letter-routing-key": consumer,
    },
  };
}

/**
 * Everything a consumer needs. `main` is consumed (the consumer declares it with its bindings);
 * `side` is declared beside it so retries and dead letters have somewhere to go before the first
 * failure (and so operators see the queues).
 */
export function consumerTopology(consumer: string, types: readonly string[], options: ConsumerTopologyOptions) {
  const source = options.exchange === COMMANDS_EXCHANGE ? commandsExchange() : eventsExchange();
  return {
    exchanges: [source, retryExchange(), deadLetterExchange()],
    main: {
      queue: consumerQueue(consumer, options),
      bindings: [
        ...types.map((type) => ({ exchange: source.exchange, queue: consumer, routingKey: type })),
        { exchange: RETRY_EXCHANGE, queue: consumer, routingKey: consumer },
      ],
    },
    side: {
      queues: [deadLetterQueue(consumer), ...options.retryDelaysMs.map((ms) => retryQueue(consumer, ms))],
      bindings: [
        { exchange: DEAD_LETTER_EXCHANGE, queue: deadLetterQueueName(consumer), routingKey: consumer },
        ...options.retryDelaysMs.map((ms) => ({
          exchange: RETRY_EXCHANGE,
          queue: retryQueueName(consumer, ms),
          routingKey: retryQueueName(consumer, ms),
        })),
      ],
    },
  };
}

import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { Pool } from "../db/create-pool";
import type { HealthCheck } from "../health/health-monitor";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { RabbitEventBus } from "./event-bus";
import type { CommandSubscription } from "./command-handler";
import { COMMANDS_EXCHANGE } from "./event-envelope";
import { startEventConsumer, type EventConsumer, type EventConsumerOptions } from "./event-consumer";
import { DAY_MS } from "./inbox-purge";
import { OutboxRelay, type OutboxRelayOptions } from "./outbox-relay";
import { commandQueueName } from "./topology";

export interface MessagingOptions {
  service: string;
  /** Unset: no relay and no consumers (events wait in the outbox). */
  amqpUrl?: string;
  pool: Pool;
  logger: Logger;
  registry?: Registry;
  /** Queues this service consumes, each with its subscriptions. */
  consumers?: Array<
    Omit<
      EventConsumerOptions,
      "pool" | "logger" | "connection" | "amqpUrl" | "registry" | "exchange" | "beforeHandling"
    >
  >;
  /**
   * The commands this service receives (handleCommand), consumed from its queue `<service>.commands`
   * bound to `emporium.commands` by their type names, with the inbox, retries and dead letters of
   * an event consumer.
   */
  commands?: readonly CommandSubscription[];
  relay?: Pick<OutboxRelayOptions, "batchSize" | "pollIntervalMs" | "backoff" | "retainPublishedMs">;
  /** Days the consumers keep inbox rows (ServiceConfig.inboxRetentionDays); a consumer's own setting wins. */
  inboxRetentionDays?: number;
  /** Runs before every consumed message's handler, for every consumer (fault injection). */
  beforeHandling?: EventConsumerOptions["beforeHandling"];
}

/**
 * A service's messaging in one place: one broker connection, the outbox relay, its consumers, a
 * non-critical health check (a broker outage shows in the details but never makes the service
 * unready: the outbox buffers) and the shutdown order.
 */
export class Messaging {
  private connection?: BrokerConnection;
  private bus?: RabbitEventBus;
  private relay?: OutboxRelay;
  private consumers: EventConsumer[] = [];

  constructor(private readonly options: MessagingOptions) {
    // The broker's per-service permissions grant a service the queues named after it, and no others.
    for (const { consumer } of options.consumers ?? [])
      if (consumer !== options.service && !consumer.startsWith(`${options.service}.`))
        throw new Error(
          `consumer "${consumer}" of ${options.service}: queue names start with the service's name ` +
            `("${options.service}" or "${options.service}.<something>")`,
        );
  }

  get enabled(): boolean {
    return this.options.amqpUrl !== undefined;
  }

  get relayStatus() {
    return this.relay?.status;
  }

  /** Add these to the service's HealthMonitor. */
  healthChecks(): HealthCheck[] {
    if (!this.enabled) return [];
    return [
      {
        name: "rabbitmq",
        critical: false,
        probe: async () => {
          if (!this.connection?.ready)
            throw new Error("not connected to the message broker (events wait in the outbox)");
          if (this.relay && !this.relay.status.brokerAvailable)
            throw new Error(`outbox relay cannot publish: ${this.relay.status.lastError ?? "unknown error"}`);
          if (this.relay?.status.unroutableCommands)
            throw new Error(
              `${this.relay.status.unroutableCommands} command(s) wait in the outbox: no queue takes them (is the receiver running?)`,
            );
        },
      },
    ];
  }

  /** Starts the relay and the consumers; does not wait for the broker (it may come later). */
  async start(): Promise<void> {
    const { amqpUrl, logger, pool, registry, service } = this.options;
    if (amqpUrl === undefined) {
      logger.warn("no message broker configured: events stay in the outbox and nothing is consumed");
      return;
    }
    this.connection = connectToBroker(amqpUrl, { name: service, logger });
    this.bus = new RabbitEventBus(this.connection);
    this.relay = new OutboxRelay({
      pool,
      bus: this.bus,
      logger: logger.child({ component: "outbox-relay" }),
      registry,
      ...this.options.relay,
    });
    this.relay.start();
    const days = this.options.inboxRetentionDays;
    const retention = days === undefined ? {} : { inboxRetentionMs: days * DAY_MS };
    const { beforeHandling } = this.options;
    const shared = { pool, logger, registry, connection: this.connection, waitUntilReady: false, beforeHandling };
    for (const consumer of this.options.consumers ?? [])
      this.consumers.push(await startEventConsumer({ ...retention, ...consumer, ...shared }));
    if (this.options.commands?.length)
      this.consumers.push(
        await startEventConsumer({
          ...retention,
          consumer: commandQueueName(service),
          exchange: COMMANDS_EXCHANGE,
          subscriptions: this.options.commands,
          ...shared,
        }),
      );
  }

  /** Stops consuming (in-flight handlers finish and ack), flushes the relay's batch and confirms, closes. */
  async close(): Promise<void> {
    for (const consumer of this.consumers.splice(0)) await consumer.close();
    await this.relay?.stop();
    await this.bus?.close();
    await this.connection?.close();
  }
}

import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import { ConsumerStatus, type AsyncMessage, type Consumer, type Publisher } from "rabbitmq-client";
import { inTransaction, type Pool, type PoolClient } from "../db/create-pool";
import { isDatabaseConnectionError } from "../errors/database-unavailable";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { COMMANDS_EXCHANGE, EVENTS_EXCHANGE, fromAmqpProperties, type EventEnvelope } from "./event-envelope";
import { consumerTopology, DEAD_LETTER_EXCHANGE, RETRY_EXCHANGE, retryQueueName } from "./topology";
import { DEAD_LETTER_HEADER, type DeadLetterReason } from "./dead-letter-headers";
import { DAY_MS, DEFAULT_INBOX_RETENTION_DAYS, scheduleInboxPurge } from "./inbox-purge";

/** Throw from a handler for a message that can never succeed: it goes to the dead-letter queue at once. */
export class PermanentEventError extends Error {
  override name = "PermanentEventError";
}

export interface EventContext {
  /** The transaction the inbox row is written in: do every write of the effect with it. */
  tx: PoolClient;
  envelope: EventEnvelope;
  logger: Logger;
  /** 1 on the first try, then 2, 3… after transient failures. */
  attempt: number;
}

export interface Subscription {
  schema: DescMessage;
  handle(event: never, ctx: EventContext): Promise<void>;
}

export function subscribe<Desc extends DescMessage>(
  schema: Desc,
  handle: (event: MessageShape<Desc>, ctx: EventContext) => Promise<void>,
): Subscription {
  return { schema, handle: handle as Subscription["handle"] };
}

export interface EventConsumerOptions {
  /** Queue name and inbox key, e.g. "notifications"; always starts with the service's name. */
  consumer: string;
  subscriptions: readonly Subscription[];
  /** What the queue is bound to by message type: `emporium.events` (default) or `emporium.commands`. */
  exchange?: typeof EVENTS_EXCHANGE | typeof COMMANDS_EXCHANGE;
  pool: Pool;
  logger: Logger;
  /** Either an existing connection (not closed by close()) or a URL (own connection). */
  connection?: BrokerConnection;
  amqpUrl?: string;
  /** Tries per message for transient failures, the first included, before dead-lettering. */
  maxAttempts?: number;
  /** Backoff before retry n (the last value repeats). */
  retryDelaysMs?: readonly number[];
  /** Broker-side redelivery limit (crashes, cut connections); above it the broker dead-letters. */
  deliveryLimit?: number;
  concurrency?: number;
  /**
   * Messages the broker hands over before they are acked (default: twice the concurrency). When a
   * handler crashes the process, every unacked message is returned and counts one delivery toward
   * the limit, so innocent neighbours of a message that crashes the process can share its fate.
   */
  prefetch?: number;
  registry?: Registry;
  /** Inbox rows older than this are deleted (default 30 days; see DEFAULT_INBOX_RETENTION_DAYS). */
  inboxRetentionMs?: number;
  /** How often the inbox is purged (default hourly; the first pass runs at start). */
  inboxPurgeIntervalMs?: number;
  /** Wait (up to 30 s) until consuming has begun; services pass false so a broker outage at start does not block them. */
  waitUntilReady?: boolean;
  /**
   * Runs before each message's handler and its inbox transaction, with the message's type (fault
   * injection: a delay, or a failure that takes the retry path like any handler failure).
   */
  beforeHandling?: (type: string) => Promise<void>;
}

export interface EventConsumer {
  readonly consumer: string;
  /** Stops consuming, waits for handlers in flight (they ack) and an inbox purge, drains confirms, closes. */
  close(): Promise<void>;
}

const ATTEMPT_HEADER = "x-emporium-attempt";

/**
 * An idempotent consumer on its own quorum queue. For each message, in one transaction: insert the
 * inbox row (consumer, message id) — if it exists the message is a duplicate and is only acked —
 * then run the handler with that transaction. Transient failures are retried through TTL queues
 * with backoff (the message leaves the main queue, so the others are not held up); permanent ones
 * (undecodable, unknown type, PermanentEventError, attempts exhausted) go to the dead-letter queue.
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<EventConsumer> {
  if (!options.connection && !options.amqpUrl)
    throw new Error(`event consumer ${options.consumer}: give a broker connection or URL`);
  const connection =
    options.connection ??
    connectToBroker(options.amqpUrl as string, { name: `${options.consumer}-consumer`, logger: options.logger });
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 5_000, 30_000];
  const longestDelayMs = Math.max(...retryDelaysMs);
  const bySchema = new Map(options.subscriptions.map((s) => [s.schema.typeName, s]));
  const topology = consumerTopology(options.consumer, [...bySchema.keys()], {
    exchange: options.exchange ?? EVENTS_EXCHANGE,
    deliveryLimit: options.deliveryLimit ?? 10,
    retryDelaysMs,
  });
  const log = options.logger.child({ consumer: options.consumer });
  const outcomes = options.registry
    ? new Counter({
        name: "events_consumed_total",
        help: "Messages handled, by outcome",
        labelNames: ["consumer", "outcome"],
        registers: [options.registry],
      })
    : undefined;
  const count = (outcome: string) => outcomes?.inc({ consumer: options.consumer, outcome });

  // Retry and dead-letter queues are declared (idempotently) by the publisher that feeds them.
  const publisher: Publisher = connection.createPublisher({
    confirm: true,
    maxAttempts: 2,
    exchanges: topology.exchanges,
    queues: topology.side.queues,
    queueBindings: topology.side.bindings,
  });

  async function deadLetter(
    msg: AsyncMessage,
    reason: DeadLetterReason,
    error: string,
    attempt: number,
  ): Promise<ConsumerStatus> {
    log.warn({ messageId: msg.messageId, type: msg.type, reason, error, attempt }, "event dead-lettered");
    await publisher.send(
      {
        exchange: DEAD_LETTER_EXCHANGE,
        routingKey: options.consumer,
        ...passThrough(msg),
        headers: {
          ...msg.headers,
          [DEAD_LETTER_HEADER.reason]: reason,
          [DEAD_LETTER_HEADER.error]: error.slice(0, 1000),
          [DEAD_LETTER_HEADER.queue]: options.consumer,
          [DEAD_LETTER_HEADER.attempts]: attempt,
          [DEAD_LETTER_HEADER.at]: new Date().toISOString(),
        },
      },
      msg.body,
    );
    count(`dead-lettered:${reason}`);
    return ConsumerStatus.ACK;
  }

  async function handle(msg: AsyncMessage): Promise<ConsumerStatus> {
    const attempt = Math.max(1, Number(msg.headers?.[ATTEMPT_HEADER] ?? 1) || 1);
    const envelope = fromAmqpProperties({ messageId: msg.messageId, type: msg.type, headers: msg.headers });
    if (!envelope)
      return deadLetter(
        msg,
        "undecodable",
        "the message lacks required CloudEvents attributes (id, type, source, time, aggregate id/version)",
        attempt,
      );
    const subscription = bySchema.get(envelope.type);
    if (!subscription)
      return deadLetter(msg, "unknown-type", `no handler for ${envelope.type} in ${options.consumer}`, attempt);
    let event: unknown;
    try {
      if (!Buffer.isBuffer(msg.body)) throw new Error(`body is not binary (content-type ${msg.contentType ?? "none"})`);
      event = fromBinary(subscription.schema, msg.body);
    } catch (err) {
      return deadLetter(msg, "undecodable", `cannot decode ${envelope.type}: ${(err as Error).message}`, attempt);
    }
    const eventLog = log.child({
      messageId: envelope.id,
      type: envelope.type,
      aggregateId: envelope.aggregateId,
      attempt,
    });
    try {
      await options.beforeHandling?.(envelope.type);
      const applied = await inTransaction(options.pool, async (tx) => {
        const inbox = await tx.query(
          "INSERT INTO inbox (consumer, message_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
          [options.consumer, envelope.id, envelope.type],
        );
        if (inbox.rowCount === 0) return false;
        await subscription.handle(event as never, { tx, envelope, logger: eventLog, attempt });
        return true;
      });
      count(applied ? "processed" : "duplicate");
      return ConsumerStatus.ACK;
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      if (err instanceof PermanentEventError) return deadLetter(msg, "rejected", message, attempt);
      if (isDatabaseConnectionError(err)) {
        // The consumer's own database is down: not the message's fault. It waits the longest delay
        // and keeps its attempts, so an outage of any length dead-letters nothing.
        eventLog.warn({ err: message, retryInMs: longestDelayMs }, "database unavailable; event will be retried");
        return retryLater(msg, attempt, longestDelayMs);
      }
      if (attempt >= maxAttempts) return deadLetter(msg, "exhausted", message, attempt);
      const delay = retryDelaysMs[Math.min(attempt - 1, retryDelaysMs.length - 1)] as number;
      eventLog.warn({ err: message, retryInMs: delay }, "event handler failed; will retry");
      return retryLater(msg, attempt + 1, delay);
    }
  }

  /** Parks the message in the retry queue of `delayMs`; it comes back as try number `attempt`. */
  async function retryLater(msg: AsyncMessage, attempt: number, delayMs: number): Promise<ConsumerStatus> {
    const headers = { ...msg.headers, [ATTEMPT_HEADER]: attempt };
    await publisher.send(
      { exchange: RETRY_EXCHANGE, routingKey: retryQueueName(options.consumer, delayMs), ...passThrough(msg), headers },
      msg.body,
    );
    count("retried");
    return ConsumerStatus.ACK;
  }

  // The inbox would otherwise grow forever: this consumer deletes its own rows past the retention.
  const inboxPurge = scheduleInboxPurge({
    pool: options.pool,
    consumer: options.consumer,
    retentionMs: options.inboxRetentionMs ?? DEFAULT_INBOX_RETENTION_DAYS * DAY_MS,
    intervalMs: options.inboxPurgeIntervalMs ?? 3600_000,
    logger: log,
  });

  let closing = false;
  const consumer: Consumer = connection.createConsumer(
    {
      queue: options.consumer,
      queueOptions: topology.main.queue,
      exchanges: topology.exchanges,
      queueBindings: topology.main.bindings,
      qos: { prefetchCount: options.prefetch ?? (options.concurrency ?? 8) * 2 },
      concurrency: options.concurrency ?? 8,
      // A handler that throws here failed to retry or dead-letter (broker trouble): requeue it.
      requeue: true,
    },
    // rabbitmq-client starts a message that arrived before basic.cancel-ok as soon as a handler in
    // flight finishes, even while closing: a closing consumer hands it back to the queue untouched.
    async (msg) => (closing ? ConsumerStatus.REQUEUE : handle(msg)),
  );
  consumer.on("error", (err: Error) => log.warn({ err: err.message }, "event consumer error"));
  // The retry and dead-letter queues exist as soon as the consumer does (operators list them, and
  // nothing waits for a first failure to create them); declaring again after a reconnect is a no-op.
  const declareSideQueues = async () => {
    for (const exchange of topology.exchanges) await connection.exchangeDeclare(exchange);
    for (const queue of topology.side.queues) await connection.queueDeclare(queue);
    for (const binding of topology.side.bindings) await connection.queueBind(binding);
  };
  consumer.on(
    "ready",
    () =>
      void declareSideQueues().catch((err: Error) =>
        log.warn({ err: err.message }, "could not declare retry/dead-letter queues; will retry on reconnect"),
      ),
  );
  if (options.waitUntilReady !== false)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`event consumer ${options.consumer} did not start within 30 s (is the broker reachable?)`)),
        30_000,
      );
      consumer.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    })
      .then(declareSideQueues)
      .catch(async (err: unknown) => {
        await inboxPurge.stop();
        await consumer.close().catch(() => undefined);
        await publisher.close().catch(() => undefined);
        if (!options.connection) await connection.close().catch(() => undefined);
        throw err;
      });
  return {
    consumer: options.consumer,
    async close() {
      closing = true;
      await consumer.close();
      await inboxPurge.stop();
      await publisher.close();
      if (!options.connection) await connection.close();
    },
  };
}

/** The properties a retried or dead-lettered copy keeps. */
function passThrough(msg: AsyncMessage) {
  return {
    messageId: msg.messageId,
    type: msg.type,
    contentType: msg.contentType,
    timestamp: msg.timestamp,
    correlationId: msg.correlationId,
    durable: true,
  };
}

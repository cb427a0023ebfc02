import { randomBytes } from "node:crypto";
import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import type { AsyncMessage, Consumer } from "rabbitmq-client";
import { connectToBroker } from "./broker-connection";
import { EVENTS_EXCHANGE, fromAmqpProperties, type EventEnvelope } from "./event-envelope";
import { eventsExchange } from "./topology";

/** One event as a live listener gets it: the envelope (id, aggregate, version, time) and the decoded message. */
export interface LiveEvent<Desc extends DescMessage> {
  envelope: EventEnvelope;
  message: MessageShape<Desc>;
}

export interface LiveFeed {
  /** Every event of this type from now on; returns the unsubscribe function. */
  listen<Desc extends DescMessage>(schema: Desc, onEvent: (event: LiveEvent<Desc>) => void): () => void;
  /** Called after the feed's queue is (re)bound following a lost connection: events were missed. */
  onResync(listener: () => void): () => void;
  /** The feed's queue (`<name>.live.<random>`), for operators and tests. */
  readonly queue: string;
  /** Stops consuming and closes the connection; the broker deletes the queue with it. */
  close(): Promise<void>;
}

export interface LiveFeedOptions {
  /** The process's name, e.g. "bff-web"; its broker user may only touch queues named `<name>.live.*`. */
  name: string;
  amqpUrl: string;
  logger: Logger;
  /** The event types this process serves; the queue is bound to exactly these. */
  events: readonly DescMessage[];
  registry?: Registry;
  /**
   * Wait (up to 30 s) until the queue is bound before resolving (default). With false, startLiveFeed
   * resolves at once and the first binding counts as a resync, as subscribers may have read state
   * before the feed could hear about changes to it.
   */
  waitUntilReady?: boolean;
}

/**
 * A queue of this process's own: the broker policy of a BFF (docs/adr/0017, bffBrokerPolicy in
 * infra/local-servers) allows exactly `<name>.live.<anything>`.
 */
export function liveQueueName(name: string): string {
  return `${name}.live.${randomBytes(6).toString("hex")}`;
}

/**
 * Exclusive (only this connection may use it, and it dies with it), auto-delete, not durable and
 * explicitly classic (a vhost default of quorum would refuse exclusive queues): nothing in it is
 * worth keeping once the process that would deliver it is gone.
 */
export function liveQueue(queue: string) {
  return {
    queue,
    exclusive: true,
    autoDelete: true,
    durable: false,
    arguments: { "x-queue-type": "classic" as const },
  };
}

type Listener = (event: LiveEvent<DescMessage>) => void;

/**
 * The live-feed consumer: what a process that pushes changes to its clients (a BFF's subscriptions)
 * listens to. It is the one consumer in the platform that is not a durable quorum queue with an
 * inbox (startEventConsumer): its effect is a message on a client's open connection, which exists
 * only while this process runs, so an event it misses is not lost work. Every instance has its own
 * queue, so each instance hears every event (a shared queue would hand each event to one of them).
 *
 * Messages are consumed without acknowledgements: an ack would protect a delivery only until the
 * process dies, and the queue dies with it anyway, so acks would cost a round trip per message and
 * a prefetch window for nothing. A message that cannot be decoded is logged and dropped.
 *
 * After a lost connection the library declares the queue again (same name, but a new, empty queue:
 * the exclusive one went with the connection) and binds it; events published in between were never
 * routed to this process, so the `onResync` listeners run and subscribers re-read the state they
 * serve from its owner (a snapshot), then continue with later versions.
 */
export async function startLiveFeed(options: LiveFeedOptions): Promise<LiveFeed> {
  const queue = liveQueueName(options.name);
  const log = options.logger.child({ liveFeed: queue });
  const schemas = new Map(options.events.map((schema) => [schema.typeName, schema]));
  const listeners = new Map<string, Set<Listener>>();
  const resyncListeners = new Set<() => void>();
  const metrics = liveFeedMetrics(options.registry);
  const connection = connectToBroker(options.amqpUrl, { name: `${options.name}-live-feed`, logger: options.logger });

  function drop(msg: AsyncMessage, reason: string, detail: string): void {
    metrics?.dropped.inc({ feed: options.name, reason });
    log.warn({ messageId: msg.messageId, type: msg.type, reason, detail }, "live event dropped");
  }

  function deliver(msg: AsyncMessage): void {
    const envelope = fromAmqpProperties({ messageId: msg.messageId, type: msg.type, headers: msg.headers });
    if (!envelope) return drop(msg, "undecodable", "the message lacks required CloudEvents attributes");
    const schema = schemas.get(envelope.type);
    if (!schema) return drop(msg, "unknown-type", `${envelope.type} is not one of the feed's types`);
    let message: MessageShape<DescMessage>;
    try {
      if (!Buffer.isBuffer(msg.body)) throw new Error(`body is not binary (content-type ${msg.contentType ?? "none"})`);
      message = fromBinary(schema, msg.body);
    } catch (err) {
      return drop(msg, "undecodable", `cannot decode ${envelope.type}: ${(err as Error).message}`);
    }
    metrics?.received.inc({ feed: options.name, type: envelope.type });
    for (const listener of [...(listeners.get(envelope.type) ?? [])])
      runListener(() => listener({ envelope, message }), { type: envelope.type, messageId: envelope.id });
  }

  function runListener(call: () => void, context: Record<string, string>): void {
    try {
      call();
    } catch (err) {
      // One listener's bug must not keep the event from the others.
      log.error({ err, ...context }, "live feed listener failed");
    }
  }

  let started = false;
  let closing = false;
  function resync(): void {
    metrics?.resyncs.inc({ feed: options.name });
    log.info("live feed rebound after a lost connection; subscribers re-read their state");
    for (const listener of [...resyncListeners]) runListener(listener, { event: "resync" });
  }

  const consumer: Consumer = connection.createConsumer(
    {
      queue,
      queueOptions: liveQueue(queue),
      exchanges: [eventsExchange()],
      queueBindings: [...schemas.keys()].map((type) => ({ exchange: EVENTS_EXCHANGE, queue, routingKey: type })),
      noAck: true,
    },
    async (msg) => {
      if (!closing) deliver(msg);
    },
  );
  consumer.on("error", (err: Error) => {
    if (!closing) log.warn({ err: err.message }, "live feed consumer error; it rebinds by itself");
  });
  // "ready" follows every successful declare-bind-consume: the first at start, then one per recovery.
  consumer.on("ready", () => {
    if (started && !closing) resync();
  });

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    listeners.clear();
    resyncListeners.clear();
    await consumer.close().catch(() => undefined);
    await connection.close();
  }

  if (options.waitUntilReady !== false) {
    try {
      await untilReady(consumer, queue);
    } catch (err) {
      await close();
      throw err;
    }
  }
  started = true;

  return {
    queue,
    listen<Desc extends DescMessage>(schema: Desc, onEvent: (event: LiveEvent<Desc>) => void) {
      if (!schemas.has(schema.typeName))
        throw new Error(`live feed ${options.name} is not bound to ${schema.typeName}: add it to \`events\``);
      const listener = onEvent as unknown as Listener;
      const set = listeners.get(schema.typeName) ?? new Set<Listener>();
      listeners.set(schema.typeName, set.add(listener));
      return () => void set.delete(listener);
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => void resyncListeners.delete(listener);
    },
    close,
  };
}

function untilReady(consumer: Consumer, queue: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`live feed ${queue} was not bound within 30 s (is the broker reachable?)`)),
      30_000,
    );
    consumer.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Counters shared by every feed on the registry (a process may run more than one). */
function liveFeedMetrics(registry: Registry | undefined) {
  if (!registry) return undefined;
  const counter = <Label extends string>(name: string, help: string, labelNames: Label[]) =>
    (registry.getSingleMetric(name) as Counter<Label> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] });
  return {
    received: counter("live_feed_events_received_total", "Events the live feed decoded and fanned out, by type", [
      "feed",
      "type",
    ]),
    dropped: counter("live_feed_events_dropped_total", "Messages the live feed could not decode, by reason", [
      "feed",
      "reason",
    ]),
    resyncs: counter("live_feed_resyncs_total", "Times the live feed rebound after a lost connection", ["feed"]),
  };
}

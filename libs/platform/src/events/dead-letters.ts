import type { SyncMessage } from "rabbitmq-client";
import type { BrokerConnection } from "./broker-connection";
import { DEAD_LETTER_HEADER } from "./dead-letter-headers";
import { fromAmqpProperties } from "./event-envelope";
import { deadLetterQueueName, RETRY_EXCHANGE } from "./topology";

export interface DeadLetter {
  messageId: string;
  type: string;
  aggregateId?: string;
  /** Why it is here (see DeadLetterReason); "delivery-limit" when the broker dead-lettered it. */
  reason: string;
  error?: string;
  attempts?: number;
  /** The consumer queue it came from, where replay sends it back. */
  originalQueue: string;
  deadLetteredAt?: string;
  payload: Buffer;
}

/** Reads up to `limit` dead letters without removing them (they are returned to the queue). */
export async function inspectDeadLetters(
  connection: BrokerConnection,
  consumer: string,
  limit = 100,
): Promise<DeadLetter[]> {
  const channel = await connection.acquire();
  const letters: DeadLetter[] = [];
  try {
    const { messageCount } = await channel.queueDeclare({ queue: deadLetterQueueName(consumer), passive: true });
    let last: number | undefined;
    for (let i = 0; i < Math.min(limit, messageCount); i++) {
      const msg = await channel.basicGet({ queue: deadLetterQueueName(consumer) });
      if (!msg) break;
      last = msg.deliveryTag;
      letters.push(describe(msg, consumer));
    }
    if (last !== undefined) channel.basicNack({ deliveryTag: last, multiple: true, requeue: true });
  } finally {
    // Closing the channel returns every unacknowledged message to the queue.
    await channel.close();
  }
  return letters;
}

/**
 * Sends dead letters back to their consumer's queue with a fresh attempt count (all of them, or
 * only the given message ids), each removed from the dead-letter queue only after the broker
 * confirmed the copy. The consumer's inbox makes a replay of something already applied harmless.
 * The copy travels through emporium.retry with the queue's name as key (the consumer's queue is
 * bound so), mandatory: when no queue takes it, the replay stops and the letter stays.
 */
export async function replayDeadLetters(
  connection: BrokerConnection,
  consumer: string,
  select: { messageIds?: readonly string[] } = {},
): Promise<DeadLetter[]> {
  const wanted = select.messageIds ? new Set(select.messageIds) : undefined;
  const channel = await connection.acquire();
  const replayed: DeadLetter[] = [];
  let returns = 0; // one publish at a time: a return counted during it is its own
  channel.on("basic.return", () => returns++);
  try {
    await channel.confirmSelect();
    const queue = deadLetterQueueName(consumer);
    const { messageCount } = await channel.queueDeclare({ queue, passive: true });
    for (let i = 0; i < messageCount; i++) {
      const msg = await channel.basicGet({ queue });
      if (!msg) break;
      const letter = describe(msg, consumer);
      if (wanted && !wanted.has(letter.messageId)) continue; // stays unacked: returned on close
      const headers = { ...msg.headers };
      for (const name of [
        ...Object.values(DEAD_LETTER_HEADER),
        "x-emporium-attempt",
        "x-death",
        "x-first-death-queue",
        "x-first-death-reason",
        "x-first-death-exchange",
        "x-delivery-count",
      ])
        delete headers[name];
      const returnsBefore = returns;
      await channel.basicPublish(
        {
          exchange: RETRY_EXCHANGE,
          routingKey: letter.originalQueue,
          mandatory: true,
          messageId: msg.messageId,
          type: msg.type,
          contentType: msg.contentType,
          timestamp: msg.timestamp,
          durable: true,
          headers: { ...headers, "x-emporium-replayed-at": new Date().toISOString() },
        },
        msg.body,
      );
      // A return precedes the confirm but is emitted a turn of the event loop later (see event-bus.ts).
      await new Promise((resolve) => setImmediate(resolve));
      if (returns > returnsBefore)
        throw new Error(
          `no queue takes replays for ${letter.originalQueue} (is its consumer running?); ${letter.messageId} stays a dead letter`,
        );
      channel.basicAck({ deliveryTag: msg.deliveryTag });
      replayed.push(letter);
    }
  } finally {
    await channel.close();
  }
  return replayed;
}

function describe(msg: SyncMessage, consumer: string): DeadLetter {
  const h = (msg.headers ?? {}) as Record<string, unknown>;
  const envelope = fromAmqpProperties({ messageId: msg.messageId, type: msg.type, headers: h });
  const firstDeath = Array.isArray(h["x-death"]) ? (h["x-death"] as Array<Record<string, unknown>>)[0] : undefined;
  const brokerDeadLettered = h[DEAD_LETTER_HEADER.reason] === undefined && firstDeath !== undefined;
  const original = (h[DEAD_LETTER_HEADER.queue] ?? h["x-first-death-queue"] ?? firstDeath?.queue ?? consumer) as string;
  return {
    messageId: msg.messageId ?? "(none)",
    type: msg.type ?? "(none)",
    aggregateId: envelope?.aggregateId,
    reason: brokerDeadLettered ? "delivery-limit" : String(h[DEAD_LETTER_HEADER.reason] ?? "unknown"),
    error: typeof h[DEAD_LETTER_HEADER.error] === "string" ? (h[DEAD_LETTER_HEADER.error] as string) : undefined,
    attempts:
      typeof h[DEAD_LETTER_HEADER.attempts] === "number" ? (h[DEAD_LETTER_HEADER.attempts] as number) : undefined,
    originalQueue: original === deadLetterQueueName(consumer) ? consumer : original,
    deadLetteredAt: deadLetteredAt(h[DEAD_LETTER_HEADER.at], firstDeath?.time),
    payload: Buffer.isBuffer(msg.body) ? msg.body : Buffer.from(String(msg.body ?? "")),
  };
}

/**
 * When the message was dead-lettered: our own header, else the broker's x-death time (an AMQP
 * timestamp, seconds), so letters of the delivery limit show their age too (inbox retention).
 */
function deadLetteredAt(ours: unknown, brokers: unknown): string | undefined {
  if (typeof ours === "string") return ours;
  return typeof brokers === "number" ? new Date(brokers * 1000).toISOString() : undefined;
}

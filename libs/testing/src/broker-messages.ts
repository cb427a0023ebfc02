import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import { Connection } from "rabbitmq-client";
import { randomBytes } from "node:crypto";
import { uuidv7 } from "uuidv7";

// The wire format of libs/platform's event-envelope.ts (CloudEvents AMQP binding, binary mode),
// spoken here without importing it: the platform's own specs import this kit, so this kit cannot
// import the platform. Its commands spec sends with sendCommand into a real consumer and captures
// the real relay's events, so the two cannot drift apart unnoticed.
const EVENTS_EXCHANGE = "emporium.events";
const COMMANDS_EXCHANGE = "emporium.commands";
const HEADER = {
  specversion: "cloudEvents:specversion",
  id: "cloudEvents:id",
  source: "cloudEvents:source",
  type: "cloudEvents:type",
  time: "cloudEvents:time",
  subject: "cloudEvents:subject",
  traceparent: "traceparent",
  aggregateId: "emporium-aggregate-id",
  aggregateVersion: "emporium-aggregate-version",
} as const;

export interface CommandToSend<Desc extends DescMessage> {
  schema: Desc;
  payload: MessageShape<Desc> | MessageInitShape<Desc>;
  /** The order the command is about. */
  aggregateId: string;
  aggregateVersion?: number | bigint;
  /** Give the id of an earlier send to deliver the same message again (a broker redelivery). */
  messageId?: string;
  /** The sending service (default: orders, the only one that sends commands). */
  service?: string;
  /** How long to wait for a queue to take the command (its receiver may still be starting). */
  timeoutMs?: number;
}

/**
 * Publishes a command to `emporium.commands` exactly as the outbox relay does (CloudEvents
 * envelope, routing key = type name, mandatory, confirmed), so a participant's test can deliver a
 * command, or the same message twice. While no queue takes the command yet (the receiver is still
 * starting) it is sent again, up to `timeoutMs`. Returns the message id.
 */
export async function sendCommand<Desc extends DescMessage>(
  amqpUrl: string,
  command: CommandToSend<Desc>,
): Promise<string> {
  const id = command.messageId ?? uuidv7();
  const message = isMessage(command.payload, command.schema)
    ? command.payload
    : create(command.schema, command.payload as MessageInitShape<Desc>);
  const now = new Date();
  const type = command.schema.typeName;
  const headers = {
    [HEADER.specversion]: "1.0",
    [HEADER.id]: id,
    [HEADER.source]: `/emporium/${command.service ?? "orders"}`,
    [HEADER.type]: type,
    [HEADER.time]: now.toISOString(),
    [HEADER.subject]: command.aggregateId,
    [HEADER.traceparent]: `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`,
    [HEADER.aggregateId]: command.aggregateId,
    [HEADER.aggregateVersion]: String(command.aggregateVersion ?? 1),
  };
  const connection = new Connection({ url: amqpUrl, connectionName: "send-command", retryHigh: 1_000 });
  const publisher = connection.createPublisher({
    confirm: true,
    exchanges: [{ exchange: COMMANDS_EXCHANGE, type: "topic", durable: true }],
  });
  let returned = false;
  publisher.on("basic.return", () => (returned = true));
  const deadline = Date.now() + (command.timeoutMs ?? 30_000);
  try {
    for (;;) {
      returned = false;
      await publisher.send(
        {
          exchange: COMMANDS_EXCHANGE,
          routingKey: type,
          mandatory: true,
          messageId: id,
          type,
          contentType: "application/protobuf",
          timestamp: Math.floor(now.getTime() / 1000),
          durable: true,
          headers,
        },
        Buffer.from(toBinary(command.schema, message)),
      );
      // The return comes before the confirm but is emitted a turn of the event loop later.
      await new Promise((resolve) => setImmediate(resolve));
      if (!returned) return id;
      if (Date.now() > deadline) throw new Error(`no queue took ${type} within the timeout (is its receiver running?)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await publisher.close();
    await connection.close();
  }
}

/** The CloudEvents attributes of a captured event. */
export interface CapturedEnvelope {
  id: string;
  type: string;
  source: string;
  aggregateId: string;
  aggregateVersion: bigint;
  traceparent?: string;
}

/** An event a test saw on the broker, its payload decoded by its schema. */
export interface CapturedEvent<Desc extends DescMessage = DescMessage> {
  envelope: CapturedEnvelope;
  payload: MessageShape<Desc>;
}

export interface EventCapture {
  /** Everything captured so far, in arrival order. */
  readonly events: readonly CapturedEvent[];
  /**
   * The first captured event of `schema` (matching `where`) not returned by an earlier next(),
   * waiting up to `timeoutMs` for it to arrive.
   */
  next<Desc extends DescMessage>(
    schema: Desc,
    where?: (payload: MessageShape<Desc>, envelope: CapturedEnvelope) => boolean,
    timeoutMs?: number,
  ): Promise<CapturedEvent<Desc>>;
  close(): Promise<void>;
}

/**
 * Captures the events of the given types published on a vhost's `emporium.events` from now on,
 * through a temporary exclusive queue (the services' own queues are untouched).
 */
export async function captureEvents(amqpUrl: string, schemas: readonly DescMessage[]): Promise<EventCapture> {
  const byType = new Map(schemas.map((s) => [s.typeName, s]));
  const events: CapturedEvent[] = [];
  const taken = new Set<CapturedEvent>();
  const connection = new Connection({ url: amqpUrl, connectionName: "capture-events", retryHigh: 1_000 });
  const consumer = connection.createConsumer(
    {
      queue: "",
      queueOptions: { exclusive: true, autoDelete: true },
      exchanges: [{ exchange: EVENTS_EXCHANGE, type: "topic", durable: true }],
      queueBindings: [...byType.keys()].map((type) => ({ exchange: EVENTS_EXCHANGE, routingKey: type })),
      qos: { prefetchCount: 100 },
    },
    async (msg) => {
      const h = (msg.headers ?? {}) as Record<string, unknown>;
      const schema = byType.get(msg.type ?? "");
      if (!schema || !msg.messageId) throw new Error(`captured an event without id or a known type: ${msg.type}`);
      const envelope: CapturedEnvelope = {
        id: msg.messageId,
        type: schema.typeName,
        source: String(h[HEADER.source]),
        aggregateId: String(h[HEADER.aggregateId]),
        aggregateVersion: BigInt(String(h[HEADER.aggregateVersion] ?? 0)),
        traceparent: typeof h[HEADER.traceparent] === "string" ? (h[HEADER.traceparent] as string) : undefined,
      };
      events.push({ envelope, payload: fromBinary(schema, msg.body as Buffer) });
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("could not start capturing events within 15 s")), 15_000);
    consumer.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    events,
    async next(schema, where = () => true, timeoutMs = 30_000) {
      if (!byType.has(schema.typeName))
        throw new Error(`not capturing ${schema.typeName}: pass its schema to captureEvents`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(
          (e) =>
            !taken.has(e) &&
            e.envelope.type === schema.typeName &&
            where(e.payload as MessageShape<typeof schema>, e.envelope),
        );
        if (found) {
          taken.add(found);
          return found as CapturedEvent<typeof schema>;
        }
        if (Date.now() > deadline)
          throw new Error(
            `no ${schema.typeName} arrived within ${timeoutMs} ms (captured: ${events.map((e) => e.envelope.type).join(", ") || "nothing"})`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      await consumer.close();
      await connection.close();
    },
  };
}

function isMessage<Desc extends DescMessage>(value: unknown, schema: Desc): value is MessageShape<Desc> {
  return typeof value === "object" && value !== null && (value as { $typeName?: string }).$typeName === schema.typeName;
}

/**
 * How many messages a service's consumer (its queue name, e.g. `payments.commands`) handled with
 * this outcome (`processed`, `duplicate`, `retried`, `dead-lettered:<reason>`), read from the
 * `events_consumed_total` counter on the service's /metrics.
 */
export async function consumedMessages(httpUrl: string, consumer: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const label = (line: string, name: string) => new RegExp(`[{,]${name}="([^"]*)"`).exec(line)?.[1];
  return text
    .split("\n")
    .filter((line) => line.startsWith("events_consumed_total{"))
    .filter((line) => label(line, "consumer") === consumer && label(line, "outcome") === outcome)
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

import { randomBytes } from "node:crypto";

/**
 * How an event travels: the body is the binary protobuf payload; everything else is AMQP
 * properties. CloudEvents attributes follow the AMQP protocol binding in binary mode
 * (`cloudEvents:` application properties, datacontenttype in content-type); W3C `traceparent`
 * is a plain header; aggregate id and version let consumers detect reordering.
 */
export interface EventEnvelope {
  id: string;
  /** Full protobuf type name, e.g. `emporium.inventory.v1.StockReplenished`; also the routing key. */
  type: string;
  /** The publishing service, as a URI reference: `/emporium/<service>`. */
  source: string;
  aggregateId: string;
  aggregateVersion: bigint;
  occurredAt: Date;
  traceparent: string;
}

export const EVENTS_EXCHANGE = "emporium.events";
/** Commands (ADR 0017): routing key = the command's type name, bound into `<receiver>.commands`. */
export const COMMANDS_EXCHANGE = "emporium.commands";
export const EVENT_CONTENT_TYPE = "application/protobuf";
const CE = "cloudEvents:";

export const HEADER = {
  specversion: `${CE}specversion`,
  id: `${CE}id`,
  source: `${CE}source`,
  type: `${CE}type`,
  time: `${CE}time`,
  subject: `${CE}subject`,
  traceparent: "traceparent",
  aggregateId: "emporium-aggregate-id",
  aggregateVersion: "emporium-aggregate-version",
} as const;

export interface AmqpEventProperties {
  messageId: string;
  type: string;
  contentType: string;
  timestamp: number;
  durable: true;
  headers: Record<string, string | number>;
}

export function eventSource(service: string): string {
  return `/emporium/${service}`;
}

export function toAmqpProperties(envelope: EventEnvelope): AmqpEventProperties {
  return {
    messageId: envelope.id,
    type: envelope.type,
    contentType: EVENT_CONTENT_TYPE,
    timestamp: Math.floor(envelope.occurredAt.getTime() / 1000),
    durable: true,
    headers: {
      [HEADER.specversion]: "1.0",
      [HEADER.id]: envelope.id,
      [HEADER.source]: envelope.source,
      [HEADER.type]: envelope.type,
      [HEADER.time]: envelope.occurredAt.toISOString(),
      [HEADER.subject]: envelope.aggregateId,
      [HEADER.traceparent]: envelope.traceparent,
      [HEADER.aggregateId]: envelope.aggregateId,
      // A string: AMQP's long would lose precision past 2^53 in JavaScript.
      [HEADER.aggregateVersion]: envelope.aggregateVersion.toString(),
    },
  };
}

/** Reads the envelope back; `undefined` when a required attribute is missing or malformed. */
export function fromAmqpProperties(props: {
  messageId?: string;
  type?: string;
  headers?: Record<string, unknown>;
}): EventEnvelope | undefined {
  const h = props.headers ?? {};
  const id = props.messageId ?? str(h[HEADER.id]);
  const type = props.type ?? str(h[HEADER.type]);
  const source = str(h[HEADER.source]);
  const aggregateId = str(h[HEADER.aggregateId]);
  const version =
    str(h[HEADER.aggregateVersion]) ??
    (typeof h[HEADER.aggregateVersion] === "number" ? String(h[HEADER.aggregateVersion]) : undefined);
  const time = str(h[HEADER.time]);
  if (!id || !type || !source || !aggregateId || !version || !/^\d+$/.test(version) || !time) return undefined;
  const occurredAt = new Date(time);
  if (Number.isNaN(occurredAt.getTime())) return undefined;
  return {
    id,
    type,
    source,
    aggregateId,
    aggregateVersion: BigInt(version),
    occurredAt,
    traceparent: str(h[HEADER.traceparent]) ?? newTraceparent(),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A fresh W3C trace context (version 00, sampled) for events recorded outside any trace. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`;
}

export function isTraceparent(value: string): boolean {
  return /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/.test(value);
}

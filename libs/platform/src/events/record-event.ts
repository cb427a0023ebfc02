import { create, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { uuidv7 } from "uuidv7";
import { eventSource, isTraceparent, newTraceparent } from "./event-envelope";

/** Anything that runs SQL: a pool client inside the caller's transaction. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

export interface EventToRecord<Desc extends DescMessage> {
  /** The generated message schema, e.g. `StockReplenishedSchema`. */
  schema: Desc;
  payload: MessageShape<Desc> | MessageInitShape<Desc>;
  aggregateId: string;
  /** The aggregate's version after this change (increasing per aggregate). */
  aggregateVersion: number | bigint;
  /** W3C trace context of the request that caused the event, when there is one. */
  traceparent?: string;
}

/** The exchange an outbox row leaves on: facts for anyone, or commands for one receiver (ADR 0017). */
export type OutboxDestination = "events" | "commands";

/**
 * Adds an event to the transactional outbox. Call it with the client of the transaction that
 * makes the state change: the event exists exactly when the change does. The relay publishes it.
 * Returns the event (message) id.
 */
export function recordEvent<Desc extends DescMessage>(
  tx: Queryable,
  service: string,
  event: EventToRecord<Desc>,
): Promise<string> {
  return recordInOutbox(tx, service, "events", event);
}

/**
 * Adds a command to the transactional outbox, in the transaction of the decision that sends it
 * (the order events that decided it): the command exists exactly when the decision does. The relay
 * publishes it to `emporium.commands`, where its receiver's `<receiver>.commands` queue takes it.
 * `aggregateId` is the id of the order the command is about, `aggregateVersion` the order's version
 * after the decision. Returns the command (message) id.
 */
export function recordCommand<Desc extends DescMessage>(
  tx: Queryable,
  service: string,
  command: EventToRecord<Desc>,
): Promise<string> {
  return recordInOutbox(tx, service, "commands", command);
}

async function recordInOutbox<Desc extends DescMessage>(
  tx: Queryable,
  service: string,
  destination: OutboxDestination,
  message: EventToRecord<Desc>,
): Promise<string> {
  const payload = isMessage(message.payload, message.schema)
    ? message.payload
    : create(message.schema, message.payload as MessageInitShape<Desc>);
  const id = uuidv7();
  const version = BigInt(message.aggregateVersion);
  if (version < 0n) throw new RangeError(`aggregate version must not be negative (got ${version})`);
  if (!message.aggregateId) throw new RangeError("a message needs the id of the aggregate it is about");
  await tx.query(
    `INSERT INTO outbox (id, event_type, source, aggregate_id, aggregate_version, payload, traceparent, destination)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      message.schema.typeName,
      eventSource(service),
      message.aggregateId,
      version.toString(),
      Buffer.from(toBinary(message.schema, payload)),
      message.traceparent && isTraceparent(message.traceparent) ? message.traceparent : newTraceparent(),
      destination,
    ],
  );
  return id;
}

function isMessage<Desc extends DescMessage>(value: unknown, schema: Desc): value is MessageShape<Desc> {
  return typeof value === "object" && value !== null && (value as { $typeName?: string }).$typeName === schema.typeName;
}

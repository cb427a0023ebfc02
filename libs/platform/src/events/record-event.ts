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

/**
 * Adds an event to the transactional outbox. Call it with the client of the transaction that
 * makes the state change: the event exists exactly when the change does. The relay publishes it.
 * Returns the event (message) id.
 */
export async function recordEvent<Desc extends DescMessage>(
  tx: Queryable,
  service: string,
  event: EventToRecord<Desc>,
): Promise<string> {
  const message = isMessage(event.payload, event.schema)
    ? event.payload
    : create(event.schema, event.payload as MessageInitShape<Desc>);
  const id = uuidv7();
  const version = BigInt(event.aggregateVersion);
  if (version < 0n) throw new RangeError(`aggregate version must not be negative (got ${version})`);
  if (!event.aggregateId) throw new RangeError("an event needs the id of the aggregate it is about");
  await tx.query(
    `INSERT INTO outbox (id, event_type, source, aggregate_id, aggregate_version, payload, traceparent)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      event.schema.typeName,
      eventSource(service),
      event.aggregateId,
      version.toString(),
      Buffer.from(toBinary(event.schema, message)),
      event.traceparent && isTraceparent(event.traceparent) ? event.traceparent : newTraceparent(),
    ],
  );
  return id;
}

function isMessage<Desc extends DescMessage>(value: unknown, schema: Desc): value is MessageShape<Desc> {
  return typeof value === "object" && value !== null && (value as { $typeName?: string }).$typeName === schema.typeName;
}

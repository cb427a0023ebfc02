import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/** An outbox row as a test sees it, with its payload decoded by the schema its event_type names. */
export interface RecordedEvent<Desc extends DescMessage = DescMessage> {
  seq: bigint;
  eventType: string;
  source: string;
  aggregateId: string;
  aggregateVersion: bigint;
  payload: MessageShape<Desc>;
}

interface OutboxRow {
  seq: string;
  event_type: string;
  source: string;
  aggregate_id: string;
  aggregate_version: string;
  payload: Buffer;
}

/**
 * The events a service recorded in its outbox, oldest first, straight from its database: tests
 * prove what a command published (and that a refused one published nothing). Decodes each payload
 * with the schema of its type; a row of a type not among `schemas` fails the read, so an
 * unexpected event never goes unnoticed.
 */
export async function recordedEvents(
  db: { query(text: string): Promise<{ rows: unknown[] }> },
  schemas: readonly DescMessage[],
): Promise<RecordedEvent[]> {
  const { rows } = await db.query(
    "SELECT seq::text, event_type, source, aggregate_id, aggregate_version::text, payload FROM outbox ORDER BY outbox.seq",
  );
  const byType = new Map(schemas.map((s) => [s.typeName, s]));
  return (rows as OutboxRow[]).map((r) => {
    const schema = byType.get(r.event_type);
    if (!schema) throw new Error(`outbox holds an event of an unexpected type: ${r.event_type}`);
    return {
      seq: BigInt(r.seq),
      eventType: r.event_type,
      source: r.source,
      aggregateId: r.aggregate_id,
      aggregateVersion: BigInt(r.aggregate_version),
      payload: fromBinary(schema, r.payload),
    };
  });
}

/** The payload, typed by its schema; throws when the event is of another type. */
export function payloadAs<Desc extends DescMessage>(event: RecordedEvent, schema: Desc): MessageShape<Desc> {
  if (event.eventType !== schema.typeName) throw new Error(`expected a ${schema.typeName}, got a ${event.eventType}`);
  return event.payload as MessageShape<Desc>;
}

/** Only the events recorded after `since` (a seq from an earlier read), so tests sharing a database see their own. */
export const recordedSince = (events: readonly RecordedEvent[], since: bigint) => events.filter((e) => e.seq > since);

export const lastSeq = (events: readonly RecordedEvent[]) => events.at(-1)?.seq ?? 0n;

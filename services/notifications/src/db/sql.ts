import type { QueryResult, QueryResultRow } from "pg";

/**
 * What repositories run SQL on: the pool (one statement, its own transaction) or the client of a
 * transaction that is already open (an event handler's `ctx.tx`). Repositories never BEGIN.
 */
export interface Sql {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

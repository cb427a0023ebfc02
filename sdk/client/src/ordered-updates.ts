import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { LiveClient, SubscriptionHandlers } from "./live-client";

/** A subscription whose updates carry a sequence and that takes `after`, the last sequence seen. */
export type ResumableVariables = Record<string, unknown> & { after?: number | null };

export interface InOrderOptions<TData> extends SubscriptionHandlers<TData> {
  /** The last sequence the caller already has (e.g. from a read); only later updates are delivered. */
  after?: number;
  /** The update's sequence, e.g. `(d) => d.orderStatusChanged.sequence`. */
  sequenceOf(data: TData): number;
}

/**
 * Subscribes so that nothing is missed or repeated: every (re)subscription asks for what follows
 * the last sequence received (`after`), and an update at or below it is dropped. The BFF answers a
 * subscription first with the current state when it is newer than `after`, then with later changes,
 * so a reconnect gets the current state first, then the rest, never a regression.
 */
export function subscribeInOrder<TData, TVariables extends ResumableVariables>(
  live: Pick<LiveClient, "subscribe">,
  document: TypedDocumentNode<TData, TVariables>,
  variables: Omit<TVariables, "after">,
  options: InOrderOptions<TData>,
): () => void {
  let last = options.after;
  return live.subscribe(document, () => ({ ...variables, after: last ?? null }) as TVariables, {
    next(data) {
      const sequence = options.sequenceOf(data);
      if (last !== undefined && sequence <= last) return;
      last = sequence;
      options.next(data);
    },
    error: options.error,
    complete: options.complete,
  });
}

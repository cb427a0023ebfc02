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

export interface LatestOptions<TData> extends SubscriptionHandlers<TData> {
  /** What the versions count per, e.g. `(d) => d.productAvailabilityChanged.skuId`. */
  keyOf(data: TData): string;
  versionOf(data: TData): number;
}

/**
 * Subscribes to state that is versioned per key (stock per SKU): an update is delivered only when
 * its version is above the last one delivered for its key, so the snapshot a re-subscription
 * starts with repeats nothing and an older version never overwrites a newer one.
 */
export function subscribeLatest<TData, TVariables extends Record<string, unknown>>(
  live: Pick<LiveClient, "subscribe">,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options: LatestOptions<TData>,
): () => void {
  const versions = new Map<string, number>();
  return live.subscribe(document, () => variables, {
    next(data) {
      const key = options.keyOf(data);
      const version = options.versionOf(data);
      if (version <= (versions.get(key) ?? -Infinity)) return;
      versions.set(key, version);
      options.next(data);
    },
    error: options.error,
    complete: options.complete,
  });
}

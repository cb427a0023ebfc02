import { AsyncLocalStorage } from "node:async_hooks";

/** What versionedUpdates needs to know about one kind of live item. */
export interface VersionedUpdatesOptions<T> {
  /** The current state, read from the owning service: sent first, and again after a resync or a gap. */
  snapshot: () => Promise<readonly T[]>;
  /**
   * Starts the live items: `push` each one as it arrives, call `resync` when some may have been missed
   * (the feed reconnected). Returns the unsubscribe function, called once when the stream ends.
   */
  live: (push: (item: T) => void, resync: () => void) => () => void;
  /** What versions are counted per (an order id, a SKU id). */
  keyOf: (item: T) => string;
  versionOf: (item: T) => bigint;
  /** Per key, the last version the client already has (a resumed subscription): only later ones are sent. */
  after?: ReadonlyMap<string, bigint>;
  /**
   * Versions go up by exactly one per change (an order's status_sequence): a live item that skips one
   * means an event was missed, so the snapshot is read again instead of sending the gap.
   */
  gapFree?: boolean;
}

/**
 * A subscription's ordered stream: snapshot first, then live items; per key, only versions above the
 * last one sent (no duplicates, no regressions); with `gapFree`, a skipped version re-reads the
 * snapshot. Live items that arrive while a snapshot is being read are held and filtered afterwards,
 * never lost. Starts on the first `next()`; ends (`return()`, the live source unsubscribed) when the
 * client unsubscribes. A failing snapshot read (the service refused) ends the stream with its error.
 */
export function versionedUpdates<T>(options: VersionedUpdatesOptions<T>): AsyncIterableIterator<T> {
  return new VersionedStream(options);
}

type Waiter<T> = { resolve: (r: IteratorResult<T>) => void; reject: (err: unknown) => void };

class VersionedStream<T> implements AsyncIterableIterator<T> {
  /** Per key, the version the client has: from `after`, then the last one sent. */
  private readonly last: Map<string, bigint>;
  /** Items decided on, waiting for the consumer's next(). */
  private readonly ready: T[] = [];
  /** Live items held while a snapshot is being read. */
  private held: T[] = [];
  /** Live items that already caused a re-read: if the snapshot still does not cover the gap, they are sent. */
  private readonly reread = new Set<string>();
  private reading = false;
  private readAgain = false;
  private started = false;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private waiter: Waiter<T> | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Runs work in the subscriber's async context (its request id), whoever triggers it (a live event). */
  private inSubscriberContext: <R>(work: () => R) => R = (work) => work();

  constructor(private readonly options: VersionedUpdatesOptions<T>) {
    this.last = new Map(options.after ?? []);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.waiter)
      return Promise.reject(new Error("versionedUpdates: next() called before the previous one settled"));
    const item = this.ready.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    if (!this.started) this.start();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.wake();
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    this.ready.length = 0;
    this.failure = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error);
  }

  private start(): void {
    this.started = true;
    this.inSubscriberContext = AsyncLocalStorage.snapshot();
    // Live first, so nothing that happens while the snapshot is read is lost: it is held meanwhile.
    this.unsubscribe = this.options.live(
      (item) => this.push(item),
      () => this.readSnapshot(),
    );
    this.readSnapshot();
  }

  private push(item: T): void {
    if (this.ended) return;
    if (this.reading) this.held.push(item);
    else this.offerLive(item);
  }

  /** Reads the snapshot (again, if one read is under way: it may predate what made us ask). */
  private readSnapshot(): void {
    if (this.ended) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void this.inSubscriberContext(() => this.readUntilCurrent());
  }

  private async readUntilCurrent(): Promise<void> {
    try {
      do {
        this.readAgain = false;
        const items = await this.options.snapshot();
        if (this.ended) return;
        // The snapshot is the current state: it may jump past the client's version, never below it.
        for (const item of items) if (this.isNew(item)) this.send(item);
      } while (this.readAgain);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.reading = false;
    const held = this.held;
    this.held = [];
    for (const item of held) this.push(item);
  }

  private offerLive(item: T): void {
    const key = this.options.keyOf(item);
    const version = this.options.versionOf(item);
    const last = this.last.get(key);
    const id = `${key}@${version}`;
    if (last !== undefined && version <= last) {
      this.reread.delete(id);
      return;
    }
    if (this.options.gapFree && last !== undefined && version > last + 1n && !this.reread.has(id)) {
      this.reread.add(id);
      this.held.push(item);
      this.readSnapshot();
      return;
    }
    this.reread.delete(id);
    this.send(item);
  }

  private isNew(item: T): boolean {
    const last = this.last.get(this.options.keyOf(item));
    return last === undefined || this.options.versionOf(item) > last;
  }

  private send(item: T): void {
    this.last.set(this.options.keyOf(item), this.options.versionOf(item));
    this.ready.push(item);
    this.wake();
  }

  private fail(error: unknown): void {
    if (this.ended) return;
    this.failure = { error };
    this.end();
    this.wake();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.held = [];
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (!this.failure) this.wake();
  }

  /** Hands the waiting next() what there is: an item, the failure, or the end. */
  private wake(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const item = this.ready.shift();
    if (item !== undefined) {
      this.waiter = undefined;
      waiter.resolve({ value: item, done: false });
    } else if (this.failure) {
      this.waiter = undefined;
      const { error } = this.failure;
      this.failure = undefined;
      waiter.reject(error);
    } else if (this.ended) {
      this.waiter = undefined;
      waiter.resolve({ value: undefined, done: true });
    }
  }
}

import { SETTLED } from "../checkout/customers";
import { percentile, round } from "../checkout/stats";

/** One `orderStatusChanged` payload as the subscriber received it. */
export interface StatusUpdate {
  orderId: string;
  status: string;
  sequence: number;
  /** RFC 3339 (ms): the order's change time (OrderStatusChanged.change_time). */
  changedAt: string;
}

/**
 * What one subscription to one order delivered. The first update is the snapshot the server reads
 * when the subscription starts (the order's status at that moment, not a change it pushed); every
 * later one is a pushed change, whose latency is the receipt time minus its change time. Sequences
 * must rise by exactly one: an equal one is a duplicate, a lower one a regression, a jump skips
 * changes (missed).
 */
export class OrderTrack {
  readonly latenciesMs: number[] = [];
  snapshot?: { sequence: number; status: string; afterSubscribeMs: number };
  last?: StatusUpdate;
  pushed = 0;
  duplicates = 0;
  regressions = 0;
  skipped = 0;
  /** Why the subscription ended before the order settled (socket close, GraphQL error). */
  error?: string;

  constructor(
    readonly orderId: string,
    /** Wall-clock ms (performance.timeOrigin + performance.now()) when the subscription was sent. */
    readonly subscribedAt: number,
  ) {}

  /** Records an update received at `receivedAt` (wall-clock ms, sub-ms precision). */
  receive(update: StatusUpdate, receivedAt: number): void {
    if (!this.last) {
      this.snapshot = {
        sequence: update.sequence,
        status: update.status,
        afterSubscribeMs: receivedAt - this.subscribedAt,
      };
      this.last = update;
      return;
    }
    const expected = this.last.sequence + 1;
    if (update.sequence === this.last.sequence) this.duplicates++;
    else if (update.sequence < this.last.sequence) this.regressions++;
    else {
      this.skipped += update.sequence - expected;
      this.pushed++;
      this.latenciesMs.push(receivedAt - Date.parse(update.changedAt));
      this.last = update;
    }
  }

  get settled(): boolean {
    return this.last !== undefined && SETTLED.has(this.last.status);
  }
}

/** How the orders' final statuses compare with what their subscriptions delivered. */
export interface EndCheck {
  /** Orders whose status (read over HTTP at the end) was never delivered by the subscription. */
  missedFinal: number;
  /** Orders still not settled when the benchmark stopped listening (no change missing). */
  unsettled: number;
  /** Orders whose status could not be read at the end. */
  unchecked: number;
}

/** The numbers of a run, for the JSON report. */
export function summarizeTracks(tracks: readonly OrderTrack[], endCheck: EndCheck) {
  const latencies = tracks.flatMap((t) => t.latenciesMs);
  const subscribe = tracks.flatMap((t) => (t.snapshot ? [t.snapshot.afterSubscribeMs] : []));
  const sum = (pick: (t: OrderTrack) => number) => tracks.reduce((total, t) => total + pick(t), 0);
  const errors = tracks.flatMap((t) => (t.error ? [t.error] : []));
  return {
    subscriptions: tracks.length,
    snapshots: subscribe.length,
    pushedChanges: latencies.length,
    /** The status changes that happened before the subscription's snapshot (PENDING, mostly). */
    beforeSubscribing: sum((t) => (t.snapshot ? t.snapshot.sequence - 1 : 0)),
    settled: tracks.filter((t) => t.settled).length,
    unsettledAtEnd: endCheck.unsettled,
    uncheckedAtEnd: endCheck.unchecked,
    missed: sum((t) => t.skipped) + endCheck.missedFinal,
    duplicated: sum((t) => t.duplicates),
    regressions: sum((t) => t.regressions),
    errors: Object.fromEntries([...new Set(errors)].map((e) => [e, errors.filter((x) => x === e).length])),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.length ? Math.max(...latencies) : undefined),
      min: round(latencies.length ? Math.min(...latencies) : undefined),
    },
    subscribeToSnapshotMs: {
      p50: round(percentile(subscribe, 50)),
      p99: round(percentile(subscribe, 99)),
    },
  };
}

export type LiveSummary = ReturnType<typeof summarizeTracks>;

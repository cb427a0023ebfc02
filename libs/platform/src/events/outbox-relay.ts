import type { Logger } from "pino";
import { Counter, Gauge, type Registry } from "prom-client";
import { releaseAfterFailure, type Pool } from "../db/create-pool";
import { listenForCommits, type CommitListener } from "./commit-listener";
import { UnroutableCommandError, type EncodedEvent, type EventBus } from "./event-bus";
import { OUTBOX_CHANNEL } from "./messaging-migrations";
import type { OutboxDestination } from "./record-event";

export interface OutboxRelayOptions {
  pool: Pool;
  bus: EventBus;
  logger: Logger;
  /** Rows per batch; a batch is published concurrently and confirmed before it is marked. */
  batchSize?: number;
  /**
   * How long to sleep when the outbox is empty. A commit wakes the relay before (the outbox
   * trigger notifies, the relay LISTENs), so this is the fallback while it cannot listen.
   */
  pollIntervalMs?: number;
  /** LISTEN for commits on a dedicated connection (default true); false: poll only. */
  wakeOnCommit?: boolean;
  /**
   * Backoff while the broker (or the database) is away: doubles from min to max, with jitter. A
   * command no queue takes is retried on the same schedule, alone: the rows behind it go on.
   */
  backoff?: { minMs: number; maxMs: number };
  /** Published rows older than this are deleted (they are only kept for inspection). */
  retainPublishedMs?: number;
  registry?: Registry;
  /**
   * For fault tests only: runs after the broker confirmed a batch and before the rows are marked
   * published (e.g. to hang there and be killed with SIGKILL).
   */
  faultHooks?: { afterPublishBeforeMark?: (eventIds: string[]) => Promise<void> };
  /** Observation (tests, diagnostics): told about every attempt of the loop and the wait after it. */
  onAttempt?: (attempt: RelayAttempt) => void;
}

export interface RelayAttempt {
  /** performance.now() when the attempt began. */
  startedAt: number;
  published: number;
  /** Set when the attempt failed. */
  error?: string;
  /** Failed attempts in a row, this one included (0 after a success). */
  failures: number;
  /** The wait before the next attempt: the poll interval, 0 after a full batch, or the backoff. */
  nextDelayMs: number;
}

export interface RelayStatus {
  /** False from the first failed publish until the next successful one. */
  brokerAvailable: boolean;
  lastError?: string;
  published: number;
  /** Commands waiting for a queue to take them (their receiver has not started yet). */
  unroutableCommands: number;
}

interface OutboxRow {
  seq: string;
  id: string;
  event_type: string;
  source: string;
  aggregate_id: string;
  aggregate_version: string;
  payload: Buffer;
  traceparent: string;
  occurred_at: Date;
  destination: OutboxDestination;
}

/**
 * Publishes the transactional outbox. Each batch is claimed with FOR UPDATE SKIP LOCKED inside a
 * transaction that stays open until the broker confirmed the batch and the rows are marked, so
 * several relays (instances of one service) never publish the same row at the same time, and a
 * relay that dies mid-batch releases its rows to the others (they are published again: consumers
 * are idempotent). Rows are found by "not yet published", so late commits are never skipped.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: { minMs: number; maxMs: number };
  private readonly retainPublishedMs: number;
  private readonly state: RelayStatus = { brokerAvailable: true, published: 0, unroutableCommands: 0 };
  private loop?: Promise<void>;
  private listener?: CommitListener;
  private stopping = false;
  private wake?: () => void;
  /** Set by nudge(): a commit happened since the current batch began, so do not sleep. */
  private nudged = false;
  /** Unroutable commands (by seq), left out of batches until they are due again. */
  private readonly parked = new Map<string, { due: number; failures: number }>();
  private lastPurge = 0;
  private readonly metrics?: { published: Counter; failures: Counter; pending: Gauge };

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.backoff = options.backoff ?? { minMs: 200, maxMs: 10_000 };
    this.retainPublishedMs = options.retainPublishedMs ?? 24 * 3600_000;
    if (options.registry) {
      const registers = [options.registry];
      this.metrics = {
        published: new Counter({ name: "outbox_published_total", help: "Events the broker confirmed", registers }),
        failures: new Counter({
          name: "outbox_publish_failures_total",
          help: "Publish attempts that failed (event stays in the outbox)",
          registers,
        }),
        pending: new Gauge({
          name: "outbox_pending",
          help: "Events waiting in the outbox",
          registers,
          collect: async () => this.metrics?.pending.set(await this.pendingCount().catch(() => -1)),
        }),
      };
    }
  }

  get status(): Readonly<RelayStatus> {
    return { ...this.state };
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    if (this.options.wakeOnCommit !== false)
      this.listener = listenForCommits({
        pool: this.options.pool,
        channel: OUTBOX_CHANNEL,
        logger: this.options.logger,
        onNotify: () => this.nudge(),
        backoff: this.backoff,
      });
    this.loop = this.run();
  }

  /** Wakes the relay now (a commit happened) instead of at the next poll; ignored while it backs off. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Finishes the batch in hand, then stops. Unpublished rows stay for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.listener?.stop();
    this.listener = undefined;
    await this.loop;
    this.loop = undefined;
  }

  async pendingCount(): Promise<number> {
    const { rows } = await this.options.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL",
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Publishes one batch; returns how many rows were published. Throws if any publish failed. */
  async publishBatch(): Promise<number> {
    // Cleared before the rows are read: a commit notified from now on is seen by the next batch.
    this.nudged = false;
    const now = Date.now();
    const parked = [...this.parked].filter(([, p]) => p.due > now).map(([seq]) => seq);
    const client = await this.options.pool.connect();
    let released = false;
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<OutboxRow>(
        `SELECT seq, id, event_type, source, aggregate_id, aggregate_version::text, payload, traceparent, occurred_at,
                destination
           FROM outbox WHERE published_at IS NULL AND NOT (seq = ANY($2::bigint[]))
          ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize, parked],
      );
      if (rows.length < this.batchSize) {
        // A due command not among all the rows left was published by another instance: forget it.
        const selected = new Set(rows.map((r) => r.seq));
        for (const [seq, p] of this.parked) if (p.due <= now && !selected.has(seq)) this.parked.delete(seq);
        this.state.unroutableCommands = this.parked.size;
      }
      if (rows.length === 0) {
        await client.query("COMMIT");
        return 0;
      }
      const results = await Promise.allSettled(rows.map((row) => this.options.bus.publish(encoded(row))));
      const reasons = results.map((r) => (r.status === "rejected" ? (r.reason as Error) : undefined));
      const confirmed = rows.filter((_, i) => results[i]?.status === "fulfilled");
      const unroutable = rows.filter((_, i) => reasons[i] instanceof UnroutableCommandError);
      const failed = rows.filter((_, i) => reasons[i] && !(reasons[i] instanceof UnroutableCommandError));
      await this.options.faultHooks?.afterPublishBeforeMark?.(confirmed.map((r) => r.id));
      if (confirmed.length)
        await client.query(
          "UPDATE outbox SET published_at = now(), publish_attempts = publish_attempts + 1 WHERE seq = ANY($1::bigint[])",
          [confirmed.map((r) => r.seq)],
        );
      const firstError = reasons.find((r) => r && !(r instanceof UnroutableCommandError));
      for (const row of unroutable) {
        await client.query(
          "UPDATE outbox SET publish_attempts = publish_attempts + 1, last_error = $2 WHERE seq = $1",
          [row.seq, reasons[rows.indexOf(row)]?.message],
        );
      }
      if (failed.length) {
        await client.query(
          "UPDATE outbox SET publish_attempts = publish_attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])",
          [failed.map((r) => r.seq), firstError?.message ?? "publish failed"],
        );
      }
      await client.query("COMMIT");
      for (const row of confirmed) this.parked.delete(row.seq);
      for (const row of unroutable) this.park(row, reasons[rows.indexOf(row)] as Error);
      this.state.unroutableCommands = this.parked.size;
      this.state.published += confirmed.length;
      this.metrics?.published.inc(confirmed.length);
      this.metrics?.failures.inc(unroutable.length);
      if (failed.length) {
        this.metrics?.failures.inc(failed.length);
        throw new Error(
          `${failed.length} of ${rows.length} events were not confirmed by the broker: ${firstError?.message ?? "unknown error"}`,
        );
      }
      return confirmed.length;
    } catch (err) {
      // A lost connection is dropped, not pooled; the loop below logs and backs off.
      await releaseAfterFailure(client, err);
      released = true;
      throw err;
    } finally {
      if (!released) client.release();
    }
  }

  /** Leaves an unroutable command out of the batches for a while, backing off like a broker outage. */
  private park(row: OutboxRow, reason: Error): void {
    const failures = (this.parked.get(row.seq)?.failures ?? 0) + 1;
    const delay = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** Math.min(failures - 1, 20));
    this.parked.set(row.seq, { due: Date.now() + delay, failures });
    if (failures === 1)
      this.options.logger.warn(
        { messageId: row.id, type: row.event_type, err: reason.message },
        "outbox relay: no queue takes this command yet; it stays in the outbox and is retried",
      );
  }

  /** The wait before the next batch: the poll interval, or less when a parked command is due before. */
  private idleDelay(): number {
    const dues = [...this.parked.values()].map((p) => p.due - Date.now());
    return Math.max(0, Math.min(this.pollIntervalMs, ...dues));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let delay = this.idleDelay();
      let nudgeable = true;
      const attempt: Omit<RelayAttempt, "failures" | "nextDelayMs"> = { startedAt: performance.now(), published: 0 };
      try {
        const published = (attempt.published = await this.publishBatch());
        delay = this.idleDelay();
        if (!this.state.brokerAvailable) this.options.logger.info("outbox relay: publishing again");
        this.state.brokerAvailable = true;
        delete this.state.lastError;
        failures = 0;
        if (published === this.batchSize) delay = 0;
        await this.purgeOccasionally();
      } catch (err) {
        failures++;
        const message = (attempt.error = (err as Error).message);
        if (this.state.brokerAvailable)
          this.options.logger.warn(
            { err: message },
            "outbox relay: publishing failed; backing off (events stay in the outbox)",
          );
        this.state.brokerAvailable = false;
        this.state.lastError = message;
        const ceiling = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** Math.min(failures - 1, 20));
        delay = ceiling / 2 + Math.random() * (ceiling / 2);
        // A commit must not cut a backoff short: it would hammer an absent broker.
        nudgeable = false;
      }
      this.options.onAttempt?.({ ...attempt, failures, nextDelayMs: delay });
      if (delay > 0 && !this.stopping && !(nudgeable && this.nudged)) await this.sleep(delay, nudgeable);
    }
  }

  private async purgeOccasionally(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.options.pool.query("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)", [
      this.retainPublishedMs / 1000,
    ]);
  }

  /** Sleeps `ms`; stop() ends it early, and so does nudge() when `nudgeable`. */
  private sleep(ms: number, nudgeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const stopping = () => this.stopping;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = nudgeable ? done : () => void (stopping() && done());
    });
  }
}

function encoded(row: OutboxRow): EncodedEvent {
  return {
    destination: row.destination,
    envelope: {
      id: row.id,
      type: row.event_type,
      source: row.source,
      aggregateId: row.aggregate_id,
      aggregateVersion: BigInt(row.aggregate_version),
      occurredAt: row.occurred_at,
      traceparent: row.traceparent,
    },
    payload: row.payload,
  };
}
